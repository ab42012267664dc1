//! Small dense linear algebra, written to be read.
//!
//! The mean squared loss of any model that is linear in its parameters is a
//! quadratic, and everything about its shape sits in one matrix. Stack the
//! samples' features as the rows of a *data matrix* `X` (`n` rows, one
//! column per parameter: `(xᵢ, 1)` for a line, `(1, xᵢ, xᵢ², …)` for a
//! polynomial); then the loss `L(θ) = (1/2n)·‖Xθ − y‖²` has
//!
//! ```text
//! gradient  ∇L(θ) = (XᵀX/n)·θ − Xᵀy/n,      Hessian  H = XᵀX/n,
//! ```
//!
//! and its minimum solves the *normal equations* `(XᵀX/n)·θ = Xᵀy/n`.
//! This module holds exactly what that needs, for matrices of a few rows
//! and columns:
//!
//! - [`Matrix`], row-major, indexed as `a[(i, j)]`;
//! - [`gram`], the Hessian `XᵀX/n`, and [`mean_products`], the right-hand
//!   side `Xᵀy/n`;
//! - [`cholesky`] and [`solve_spd`], to solve a symmetric positive-definite
//!   system such as the normal equations, and [`least_squares`] on top;
//! - [`symmetric_eigen`], the eigenvalues and eigenvectors of a symmetric
//!   matrix by the cyclic Jacobi method, and [`condition_number`].
//!
//! Every function is a plain loop over the formula it names. None is meant
//! for large matrices: Jacobi costs `O(d³)` per sweep, and a sweep or ten
//! are needed.
//!
//! ```
//! use descent::linalg::{Matrix, gram, least_squares, condition_number};
//! // The line through (1, 3), (2, 5), (3, 7): rows (xᵢ, 1).
//! let x = Matrix::from_rows(&[vec![1.0, 1.0], vec![2.0, 1.0], vec![3.0, 1.0]]);
//! let theta = least_squares(&x, &[3.0, 5.0, 7.0]).unwrap();
//! assert!((theta[0] - 2.0).abs() < 1e-12 && (theta[1] - 1.0).abs() < 1e-12);
//! let h = gram(&x); // ( mean x²  mean x ; mean x  1 ) = ( 14/3  2 ; 2  1 )
//! assert!((h[(0, 0)] - 14.0 / 3.0).abs() < 1e-12);
//! assert!(condition_number(&h) > 1.0);
//! ```

use std::ops::{Index, IndexMut};

/// A dense matrix of `f64`, stored row by row.
///
/// Entry `(i, j)`, row `i` and column `j` counted from 0, is `a[(i, j)]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    /// Entry `(i, j)` is `data[i·cols + j]`.
    data: Vec<f64>,
}

impl Matrix {
    /// The `rows × cols` matrix of zeros.
    pub fn zeros(rows: usize, cols: usize) -> Self {
        Matrix {
            rows,
            cols,
            data: vec![0.0; rows * cols],
        }
    }

    /// The `n × n` identity matrix.
    pub fn identity(n: usize) -> Self {
        let mut a = Matrix::zeros(n, n);
        for i in 0..n {
            a[(i, i)] = 1.0;
        }
        a
    }

    /// The matrix with these rows.
    ///
    /// # Panics
    /// If the rows do not all have the same length.
    pub fn from_rows(rows: &[Vec<f64>]) -> Self {
        let cols = rows.first().map_or(0, Vec::len);
        let mut data = Vec::with_capacity(rows.len() * cols);
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(
                row.len(),
                cols,
                "row {i} has {} entries, row 0 has {cols}",
                row.len()
            );
            data.extend_from_slice(row);
        }
        Matrix {
            rows: rows.len(),
            cols,
            data,
        }
    }

    /// The diagonal matrix with `values` on its diagonal.
    pub fn diagonal(values: &[f64]) -> Self {
        let mut a = Matrix::zeros(values.len(), values.len());
        for (i, v) in values.iter().enumerate() {
            a[(i, i)] = *v;
        }
        a
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Row `i`, as a slice.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    /// Column `j`, copied out.
    pub fn column(&self, j: usize) -> Vec<f64> {
        (0..self.rows).map(|i| self[(i, j)]).collect()
    }

    /// The rows, copied out as vectors.
    pub fn to_rows(&self) -> Vec<Vec<f64>> {
        (0..self.rows).map(|i| self.row(i).to_vec()).collect()
    }

    /// The transpose `Aᵀ`: entry `(i, j)` of `Aᵀ` is entry `(j, i)` of `A`.
    pub fn transpose(&self) -> Matrix {
        let mut t = Matrix::zeros(self.cols, self.rows);
        for i in 0..self.rows {
            for j in 0..self.cols {
                t[(j, i)] = self[(i, j)];
            }
        }
        t
    }

    /// The product `A·B`: entry `(i, j)` is `Σₖ A[i, k]·B[k, j]`.
    ///
    /// # Panics
    /// If `A` has not as many columns as `B` has rows.
    pub fn times(&self, b: &Matrix) -> Matrix {
        assert_eq!(self.cols, b.rows, "A·B needs A's columns = B's rows");
        let mut c = Matrix::zeros(self.rows, b.cols);
        for i in 0..self.rows {
            for j in 0..b.cols {
                let mut sum = 0.0;
                for k in 0..self.cols {
                    sum += self[(i, k)] * b[(k, j)];
                }
                c[(i, j)] = sum;
            }
        }
        c
    }

    /// The product `A·v` with a vector: entry `i` is `Σⱼ A[i, j]·vⱼ`.
    ///
    /// # Panics
    /// If `v` has not one entry per column.
    pub fn times_vector(&self, v: &[f64]) -> Vec<f64> {
        assert_eq!(self.cols, v.len(), "A·v needs one entry of v per column");
        (0..self.rows).map(|i| dot(self.row(i), v)).collect()
    }

    /// The largest `|A[i, j] − A[j, i]|`: 0 for a symmetric matrix.
    pub fn asymmetry(&self) -> f64 {
        let mut worst: f64 = 0.0;
        for i in 0..self.rows.min(self.cols) {
            for j in 0..i {
                worst = worst.max((self[(i, j)] - self[(j, i)]).abs());
            }
        }
        worst
    }
}

impl Index<(usize, usize)> for Matrix {
    type Output = f64;

    fn index(&self, (i, j): (usize, usize)) -> &f64 {
        assert!(i < self.rows && j < self.cols, "({i}, {j}) is outside");
        &self.data[i * self.cols + j]
    }
}

impl IndexMut<(usize, usize)> for Matrix {
    fn index_mut(&mut self, (i, j): (usize, usize)) -> &mut f64 {
        assert!(i < self.rows && j < self.cols, "({i}, {j}) is outside");
        &mut self.data[i * self.cols + j]
    }
}

/// The dot product `Σᵢ aᵢ·bᵢ`.
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len(), "a dot product needs equal lengths");
    let mut sum = 0.0;
    for i in 0..a.len() {
        sum += a[i] * b[i];
    }
    sum
}

// ANCHOR: gram
/// `XᵀX/n` for a data matrix `X` of `n` rows: entry `(j, k)` is the mean
/// over the rows of `x_ij·x_ik`.
///
/// For the mean squared loss `(1/2n)·‖Xθ − y‖²` this is the Hessian, the
/// same at every `θ`. For a line, rows `(xᵢ, 1)` give
/// `( mean x²  mean x ; mean x  1 )`.
pub fn gram(x: &Matrix) -> Matrix {
    let n = x.rows() as f64;
    let d = x.cols();
    let mut h = Matrix::zeros(d, d);
    for i in 0..x.rows() {
        let row = x.row(i);
        for j in 0..d {
            for k in 0..d {
                h[(j, k)] += row[j] * row[k];
            }
        }
    }
    for j in 0..d {
        for k in 0..d {
            h[(j, k)] /= n;
        }
    }
    h
}
// ANCHOR_END: gram

/// `Xᵀy/n`: entry `j` is the mean over the rows of `x_ij·yᵢ`, the
/// right-hand side of the normal equations.
pub fn mean_products(x: &Matrix, y: &[f64]) -> Vec<f64> {
    assert_eq!(x.rows(), y.len(), "one target per row");
    let n = x.rows() as f64;
    let mut v = vec![0.0; x.cols()];
    for i in 0..x.rows() {
        for (j, vj) in v.iter_mut().enumerate() {
            *vj += x[(i, j)] * y[i];
        }
    }
    v.iter().map(|vj| vj / n).collect()
}

/// The Cholesky factor of a symmetric positive-definite matrix `A`: the
/// lower-triangular `L` with positive diagonal and `L·Lᵀ = A`.
///
/// Row by row, `L[j, j] = √(A[j, j] − Σₖ₍ₖ<ⱼ₎ L[j, k]²)` and, below the
/// diagonal, `L[i, j] = (A[i, j] − Σₖ₍ₖ<ⱼ₎ L[i, k]·L[j, k]) / L[j, j]`.
/// Returns `None` when a diagonal entry would be the square root of a number
/// that is not positive: then `A` is not positive definite (or is too close
/// to singular for double precision). Only the lower triangle of `A` is read.
pub fn cholesky(a: &Matrix) -> Option<Matrix> {
    assert_eq!(a.rows(), a.cols(), "Cholesky needs a square matrix");
    let d = a.rows();
    let mut l = Matrix::zeros(d, d);
    for j in 0..d {
        let mut pivot = a[(j, j)];
        for k in 0..j {
            pivot -= l[(j, k)] * l[(j, k)];
        }
        if pivot.is_nan() || pivot <= 0.0 {
            return None;
        }
        l[(j, j)] = pivot.sqrt();
        for i in j + 1..d {
            let mut sum = a[(i, j)];
            for k in 0..j {
                sum -= l[(i, k)] * l[(j, k)];
            }
            l[(i, j)] = sum / l[(j, j)];
        }
    }
    Some(l)
}

/// Solve `A·x = b` for a symmetric positive-definite `A`, by Cholesky:
/// factor `A = L·Lᵀ`, solve `L·z = b` forwards, then `Lᵀ·x = z` backwards.
/// `None` when `A` is not positive definite ([`cholesky`]).
pub fn solve_spd(a: &Matrix, b: &[f64]) -> Option<Vec<f64>> {
    assert_eq!(a.rows(), b.len(), "one right-hand side entry per row");
    let l = cholesky(a)?;
    Some(solve_factored(&l, b))
}

/// Solve `L·Lᵀ·x = b` given the Cholesky factor `L` of [`cholesky`]: `L·z = b`
/// forwards, then `Lᵀ·x = z` backwards. Factor once, solve for many `b`.
pub fn solve_factored(l: &Matrix, b: &[f64]) -> Vec<f64> {
    let d = b.len();
    let mut z = vec![0.0; d];
    for i in 0..d {
        let mut sum = b[i];
        for k in 0..i {
            sum -= l[(i, k)] * z[k];
        }
        z[i] = sum / l[(i, i)];
    }
    let mut x = vec![0.0; d];
    for i in (0..d).rev() {
        let mut sum = z[i];
        for k in i + 1..d {
            sum -= l[(k, i)] * x[k];
        }
        x[i] = sum / l[(i, i)];
    }
    x
}

/// The least-squares parameters: the `θ` that minimises `(1/2n)·‖Xθ − y‖²`,
/// from the normal equations `(XᵀX/n)·θ = Xᵀy/n` solved by Cholesky.
///
/// `None` when `XᵀX/n` is singular (two columns of `X` carry the same
/// information, e.g. all `xᵢ` equal in a line fit): then no single `θ` is
/// best. Forming `XᵀX` squares the condition number of `X`; for the small,
/// sensibly scaled problems of the book that costs nothing that matters, and
/// chapter 4 says when it would.
pub fn least_squares(x: &Matrix, y: &[f64]) -> Option<Vec<f64>> {
    solve_spd(&gram(x), &mean_products(x, y))
}

/// The eigenvalues and eigenvectors of a symmetric matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Eigen {
    /// The eigenvalues, largest first.
    pub values: Vec<f64>,
    /// The eigenvectors, as columns in the order of `values`, each of
    /// length 1 and orthogonal to the others: `A = V·diag(values)·Vᵀ`.
    pub vectors: Matrix,
}

impl Eigen {
    /// The largest eigenvalue.
    pub fn max(&self) -> f64 {
        self.values[0]
    }

    /// The smallest eigenvalue.
    pub fn min(&self) -> f64 {
        self.values[self.values.len() - 1]
    }

    /// Eigenvector `k` (the one of `values[k]`).
    pub fn vector(&self, k: usize) -> Vec<f64> {
        self.vectors.column(k)
    }
}

// ANCHOR: jacobi
/// The eigenvalues and eigenvectors of a symmetric matrix, by the cyclic
/// Jacobi method.
///
/// A *rotation* in the plane of coordinates `p` and `q` can be chosen to make
/// entry `(p, q)` of `JᵀAJ` zero; it changes only rows and columns `p` and
/// `q`, and it lowers the sum of squares off the diagonal by `2·A[p, q]²`.
/// Sweeping through every pair `p < q` again and again drives that sum to
/// zero (quadratically fast once it is small), and what is left on the
/// diagonal are the eigenvalues. The product of the rotations holds the
/// eigenvectors as its columns. An entry is treated as zero once it is
/// below `ε·√|A[p, p]·A[q, q]|` (`ε` the machine epsilon), which moves no
/// eigenvalue by more than about `ε` of its size; the sweeps stop when a
/// whole sweep finds nothing left to rotate.
///
/// With `θ = (A[q, q] − A[p, p]) / (2·A[p, q])`, the rotation's tangent is
/// the smaller root `t = sign(θ)/(|θ| + √(θ² + 1))` of `t² + 2θt − 1 = 0`,
/// so that it turns by at most 45°, and `c = 1/√(t² + 1)`, `s = t·c`.
///
/// # Panics
/// If `a` is not square, or is not symmetric to rounding.
pub fn symmetric_eigen(a: &Matrix) -> Eigen {
    assert_eq!(a.rows(), a.cols(), "eigenvalues need a square matrix");
    let d = a.rows();
    let mut scale: f64 = 0.0;
    for i in 0..d {
        for j in 0..d {
            scale = scale.max(a[(i, j)].abs());
        }
    }
    assert!(
        a.asymmetry() <= 1e-12 * scale.max(f64::MIN_POSITIVE),
        "symmetric_eigen needs a symmetric matrix"
    );
    let mut a = a.clone();
    let mut v = Matrix::identity(d);
    for _sweep in 0..100 {
        let mut rotated = false;
        for p in 0..d {
            for q in p + 1..d {
                let negligible = f64::EPSILON * (a[(p, p)] * a[(q, q)]).abs().sqrt();
                if a[(p, q)].abs() <= negligible {
                    a[(p, q)] = 0.0;
                    a[(q, p)] = 0.0;
                    continue;
                }
                rotated = true;
                let theta = (a[(q, q)] - a[(p, p)]) / (2.0 * a[(p, q)]);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                // A ← Jᵀ·A·J: first the columns p and q, then the rows.
                for k in 0..d {
                    let (akp, akq) = (a[(k, p)], a[(k, q)]);
                    a[(k, p)] = c * akp - s * akq;
                    a[(k, q)] = s * akp + c * akq;
                }
                for k in 0..d {
                    let (apk, aqk) = (a[(p, k)], a[(q, k)]);
                    a[(p, k)] = c * apk - s * aqk;
                    a[(q, k)] = s * apk + c * aqk;
                }
                // The rotation zeroes (p, q) exactly in exact arithmetic.
                a[(p, q)] = 0.0;
                a[(q, p)] = 0.0;
                // V ← V·J.
                for k in 0..d {
                    let (vkp, vkq) = (v[(k, p)], v[(k, q)]);
                    v[(k, p)] = c * vkp - s * vkq;
                    v[(k, q)] = s * vkp + c * vkq;
                }
            }
        }
        if !rotated {
            break;
        }
    }
    let mut order: Vec<usize> = (0..d).collect();
    order.sort_by(|&i, &j| a[(j, j)].total_cmp(&a[(i, i)]));
    let values = order.iter().map(|&i| a[(i, i)]).collect();
    let mut vectors = Matrix::zeros(d, d);
    for (new, &old) in order.iter().enumerate() {
        for k in 0..d {
            vectors[(k, new)] = v[(k, old)];
        }
    }
    Eigen { values, vectors }
}
// ANCHOR_END: jacobi

/// The condition number `κ = λ_max/λ_min` of a symmetric positive-definite
/// matrix: the ratio of its largest to its smallest eigenvalue. Infinite
/// when the smallest eigenvalue is not positive (the matrix is singular, or
/// indefinite, to rounding).
pub fn condition_number(a: &Matrix) -> f64 {
    let eigen = symmetric_eigen(a);
    if eigen.min() <= 0.0 {
        f64::INFINITY
    } else {
        eigen.max() / eigen.min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    /// The rotation by angle `phi` in the plane of coordinates `p`, `q` of ℝᵈ.
    fn rotation(d: usize, p: usize, q: usize, phi: f64) -> Matrix {
        let mut r = Matrix::identity(d);
        r[(p, p)] = phi.cos();
        r[(q, q)] = phi.cos();
        r[(p, q)] = -phi.sin();
        r[(q, p)] = phi.sin();
        r
    }

    /// `Q·diag(values)·Qᵀ` for an orthogonal `Q` made of several rotations:
    /// a symmetric matrix whose eigenvalues we know exactly.
    fn with_eigenvalues(values: &[f64]) -> (Matrix, Matrix) {
        let d = values.len();
        let mut q = Matrix::identity(d);
        for p in 0..d {
            for r in p + 1..d {
                q = q.times(&rotation(d, p, r, 0.3 + 0.7 * (p + 2 * r) as f64));
            }
        }
        let a = q.times(&Matrix::diagonal(values)).times(&q.transpose());
        (a, q)
    }

    #[test]
    fn products_and_transposes_follow_their_definitions() {
        let a = Matrix::from_rows(&[vec![1.0, 2.0, 3.0], vec![4.0, 5.0, 6.0]]);
        let b = Matrix::from_rows(&[vec![1.0, 0.0], vec![0.0, 1.0], vec![2.0, -1.0]]);
        // Row 0 of A·B: (1 + 6, 2 − 3); row 1: (4 + 12, 5 − 6).
        assert_eq!(
            a.times(&b),
            Matrix::from_rows(&[vec![7.0, -1.0], vec![16.0, -1.0]])
        );
        assert_eq!(a.transpose().transpose(), a);
        assert_eq!(a.transpose()[(2, 1)], 6.0);
        assert_eq!(a.times_vector(&[1.0, 1.0, 1.0]), vec![6.0, 15.0]);
        assert_eq!(a.column(1), vec![2.0, 5.0]);
        assert_eq!(Matrix::identity(3).times(&b), b);
        assert_eq!(dot(&[1.0, 2.0], &[3.0, 4.0]), 11.0);
    }

    #[test]
    fn gram_is_xtx_over_n_and_for_a_line_holds_the_moments_of_x() {
        let xs = [1.0, 2.0, 4.0, 7.0];
        let rows: Vec<Vec<f64>> = xs.iter().map(|&x| vec![x, 1.0]).collect();
        let x = Matrix::from_rows(&rows);
        let h = gram(&x);
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let mean_square = xs.iter().map(|x| x * x).sum::<f64>() / n;
        assert_relative_eq!(h[(0, 0)], mean_square);
        assert_relative_eq!(h[(0, 1)], mean);
        assert_relative_eq!(h[(1, 0)], mean);
        assert_relative_eq!(h[(1, 1)], 1.0);
        let direct = x.transpose().times(&x);
        for j in 0..2 {
            for k in 0..2 {
                assert_relative_eq!(h[(j, k)], direct[(j, k)] / n);
            }
        }
        let y = [1.0, -1.0, 2.0, 0.5];
        let v = mean_products(&x, &y);
        let mean_xy = xs.iter().zip(y).map(|(x, y)| x * y).sum::<f64>() / n;
        assert_relative_eq!(v[0], mean_xy);
        assert_relative_eq!(v[1], y.iter().sum::<f64>() / n);
    }

    #[test]
    fn cholesky_factors_and_solves() {
        // A = L·Lᵀ for a known L.
        let l = Matrix::from_rows(&[
            vec![2.0, 0.0, 0.0],
            vec![-1.0, 3.0, 0.0],
            vec![0.5, 1.0, 1.5],
        ]);
        let a = l.times(&l.transpose());
        let factor = cholesky(&a).unwrap();
        for i in 0..3 {
            for j in 0..3 {
                assert!((factor[(i, j)] - l[(i, j)]).abs() < 1e-14);
            }
        }
        let x = [1.0, -2.0, 0.25];
        let b = a.times_vector(&x);
        let solved = solve_spd(&a, &b).unwrap();
        for i in 0..3 {
            assert!((solved[i] - x[i]).abs() < 1e-13, "{solved:?}");
        }
        // Not positive definite: an eigenvalue of −1, and a singular matrix.
        let indefinite = Matrix::from_rows(&[vec![1.0, 2.0], vec![2.0, 1.0]]);
        assert_eq!(cholesky(&indefinite), None);
        let singular = Matrix::from_rows(&[vec![1.0, 1.0], vec![1.0, 1.0]]);
        assert_eq!(solve_spd(&singular, &[1.0, 1.0]), None);
    }

    #[test]
    fn least_squares_recovers_an_exact_fit_and_refuses_a_constant_x() {
        // y = 3 − 2x + 0.5x² at five points: a quadratic fits exactly.
        let rows: Vec<Vec<f64>> = (0..5)
            .map(|i| {
                let x = i as f64 - 1.0;
                vec![1.0, x, x * x]
            })
            .collect();
        let y: Vec<f64> = rows.iter().map(|r| 3.0 - 2.0 * r[1] + 0.5 * r[2]).collect();
        let theta = least_squares(&Matrix::from_rows(&rows), &y).unwrap();
        for (got, want) in theta.iter().zip([3.0, -2.0, 0.5]) {
            assert!((got - want).abs() < 1e-12, "{theta:?}");
        }
        let same_x = Matrix::from_rows(&[vec![2.0, 1.0], vec![2.0, 1.0]]);
        assert_eq!(least_squares(&same_x, &[0.0, 1.0]), None);
    }

    #[test]
    fn jacobi_finds_the_eigenvalues_it_was_given() {
        let values = [1e3, 12.0, 3.5, 1.0, 1e-3];
        let (a, _) = with_eigenvalues(&values);
        let eigen = symmetric_eigen(&a);
        for (got, want) in eigen.values.iter().zip(values) {
            assert_relative_eq!(*got, want, max_relative = 1e-9);
        }
        // A·v = λ·v for each pair, and the vectors are orthonormal.
        for k in 0..values.len() {
            let v = eigen.vector(k);
            let av = a.times_vector(&v);
            for i in 0..values.len() {
                assert!((av[i] - eigen.values[k] * v[i]).abs() < 1e-10, "{k}");
            }
            for m in 0..values.len() {
                let expected = if m == k { 1.0 } else { 0.0 };
                assert!((dot(&v, &eigen.vector(m)) - expected).abs() < 1e-12);
            }
        }
        assert_relative_eq!(condition_number(&a), 1e6, max_relative = 1e-9);
    }

    #[test]
    fn jacobi_agrees_with_the_closed_form_of_a_two_by_two() {
        // ( a  c ; c  d ) has eigenvalues (a + d)/2 ± √(((a − d)/2)² + c²).
        for (a, c, d) in [(38.5, 5.5, 1.0), (2.0, 0.0, 5.0), (1.0, -3.0, 1.0)] {
            let m = Matrix::from_rows(&[vec![a, c], vec![c, d]]);
            let eigen = symmetric_eigen(&m);
            let mean = 0.5 * (a + d);
            let spread = (0.25 * (a - d) * (a - d) + c * c).sqrt();
            assert_relative_eq!(eigen.max(), mean + spread, max_relative = 1e-14);
            assert_relative_eq!(eigen.min(), mean - spread, max_relative = 1e-12);
        }
    }

    #[test]
    fn the_hilbert_matrix_is_famously_ill_conditioned() {
        // H[i, j] = 1/(i + j + 1): the Gram matrix of 1, x, …, x⁵ over [0, 1].
        // Its condition number is 1.495 × 10⁷ (a classical value).
        let rows: Vec<Vec<f64>> = (0..6)
            .map(|i| (0..6).map(|j| 1.0 / (i + j + 1) as f64).collect())
            .collect();
        let kappa = condition_number(&Matrix::from_rows(&rows));
        assert_relative_eq!(kappa, 1.495_105_864e7, max_relative = 1e-8);
        // Its determinant is the product of the eigenvalues: 1/186313420339200000.
        let product: f64 = symmetric_eigen(&Matrix::from_rows(&rows))
            .values
            .iter()
            .product();
        assert_relative_eq!(
            product,
            1.0 / 186_313_420_339_200_000.0,
            max_relative = 1e-7
        );
    }

    #[test]
    fn a_singular_matrix_has_an_infinite_condition_number() {
        let singular = Matrix::from_rows(&[vec![1.0, 2.0], vec![2.0, 4.0]]);
        assert!(symmetric_eigen(&singular).min().abs() < 1e-15);
        let indefinite = Matrix::from_rows(&[vec![0.0, 1.0], vec![1.0, 0.0]]);
        assert_eq!(condition_number(&indefinite), f64::INFINITY);
        assert_eq!(
            symmetric_eigen(&Matrix::diagonal(&[2.0, 7.0])).values,
            vec![7.0, 2.0]
        );
    }
}
