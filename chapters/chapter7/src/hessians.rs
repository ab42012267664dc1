//! How rare an all-positive Hessian is when its entries are random: a
//! caricature of a critical point in many dimensions.

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

/// The dimensions `D` of the experiment.
pub const DIMENSIONS: [usize; 4] = [1, 2, 3, 4];
/// How many matrices are drawn for each dimension.
pub const SAMPLES: usize = 10_000;
/// The seed.
pub const SEED: u64 = 11;

// ANCHOR: random_hessian
/// A random symmetric `D × D` matrix `(W + Wᵀ)/2`, with the entries of `W`
/// independent standard normal draws: the diagonal has variance 1, the
/// entries off it variance 1/2 (the *Gaussian orthogonal ensemble*).
// Index loops, like the formula's subscripts.
#[allow(clippy::needless_range_loop)]
pub fn random_symmetric(d: usize, rng: &mut ChaCha8Rng) -> Vec<Vec<f64>> {
    let mut h = vec![vec![0.0; d]; d];
    for i in 0..d {
        h[i][i] = StandardNormal.sample(rng);
        for j in 0..i {
            let half: f64 = StandardNormal.sample(rng);
            h[i][j] = half * std::f64::consts::FRAC_1_SQRT_2;
            h[j][i] = h[i][j];
        }
    }
    h
}

/// Whether a symmetric matrix has every eigenvalue positive, by trying its
/// Cholesky factorisation `H = LLᵀ`: it exists, with a positive number
/// under every square root, exactly when `H` is positive definite.
#[allow(clippy::needless_range_loop)]
pub fn positive_definite(h: &[Vec<f64>]) -> bool {
    let d = h.len();
    let mut l = vec![vec![0.0; d]; d];
    for j in 0..d {
        let mut pivot = h[j][j];
        for k in 0..j {
            pivot -= l[j][k] * l[j][k];
        }
        if pivot <= 0.0 {
            return false;
        }
        l[j][j] = pivot.sqrt();
        for i in j + 1..d {
            let mut sum = h[i][j];
            for k in 0..j {
                sum -= l[i][k] * l[j][k];
            }
            l[i][j] = sum / l[j][j];
        }
    }
    true
}
// ANCHOR_END: random_hessian

/// For one dimension: how many of the drawn matrices were positive definite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rarity {
    /// The dimension `D`.
    pub d: usize,
    /// How many matrices were drawn.
    pub samples: usize,
    /// How many were positive definite.
    pub positive: usize,
}

impl Rarity {
    /// The fraction positive definite.
    pub fn fraction(&self) -> f64 {
        self.positive as f64 / self.samples as f64
    }

    /// Its standard error `√(P̂(1 − P̂)/N)`.
    pub fn error(&self) -> f64 {
        let p = self.fraction();
        (p * (1.0 - p) / self.samples as f64).sqrt()
    }

    /// What independent signs would give: `2⁻ᴰ`.
    pub fn coin_flips(&self) -> f64 {
        0.5f64.powi(self.d as i32)
    }
}

/// Draw `samples` matrices of each dimension and count the positive
/// definite ones.
pub fn rarities(dimensions: &[usize], samples: usize, seed: u64) -> Vec<Rarity> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    dimensions
        .iter()
        .map(|&d| {
            let positive = (0..samples)
                .filter(|_| positive_definite(&random_symmetric(d, &mut rng)))
                .count();
            Rarity {
                d,
                samples,
                positive,
            }
        })
        .collect()
}

/// The exact probability for `D = 2`, `(2 − √2)/4`, derived in the text
/// (question 4).
pub fn two_by_two() -> f64 {
    (2.0 - std::f64::consts::SQRT_2) / 4.0
}

/// The exact probability that a `D × D` matrix of [`random_symmetric`] is
/// positive definite, for `D` from 1 to 4, by integrating the joint density
/// of its eigenvalues.
///
/// The eigenvalues `λ₁ < … < λ_D` of such a matrix have the density
/// `∝ ∏ᵢ<ⱼ (λⱼ − λᵢ) · ∏ᵢ e^(−λᵢ²/2)`. De Bruijn's formula (1955) turns its
/// `D`-fold integral over a range of `λ` into a Pfaffian of one- and
/// two-fold integrals of `λʲ e^(−λ²/2)`, computed here by the trapezoid
/// rule on a fine grid. The probability is the integral over `(0, ∞)`
/// divided by the integral over the whole line.
///
/// # Panics
/// For `D` outside 1 to 4.
pub fn exact_positive_definite(d: usize) -> f64 {
    assert!((1..=4).contains(&d), "D = {d}: only 1 to 4 here");
    ordered_integral(d, 0.0) / ordered_integral(d, -TAIL)
}

/// Where the Gaussian weight `e^(−λ²/2)` is negligible (below `10⁻¹⁷`).
pub const TAIL: f64 = 9.0;

/// De Bruijn's Pfaffian for `∫ ∏ᵢ<ⱼ (λⱼ − λᵢ) ∏ᵢ e^(−λᵢ²/2)` over
/// `low < λ₁ < … < λ_D < TAIL`, for `D` from 1 to 4.
pub fn ordered_integral(d: usize, low: f64) -> f64 {
    let n = 4000;
    let h = (TAIL - low) / n as f64;
    let y: Vec<f64> = (0..=n).map(|i| low + i as f64 * h).collect();
    let w: Vec<f64> = y.iter().map(|&v| (-0.5 * v * v).exp()).collect();
    let trapezoid =
        |g: &dyn Fn(usize) -> f64| (1..=n).map(|i| 0.5 * (g(i - 1) + g(i))).sum::<f64>() * h;
    // F[j][i] = ∫ from low to y[i] of λʲ e^(−λ²/2) dλ.
    let cumulative: Vec<Vec<f64>> = (0..d)
        .map(|j| {
            let mut c = vec![0.0; n + 1];
            for i in 1..=n {
                let g = |k: usize| y[k].powi(j as i32) * w[k];
                c[i] = c[i - 1] + 0.5 * (g(i - 1) + g(i)) * h;
            }
            c
        })
        .collect();
    // a(j, k) = ∫∫ over low < x < y of (xʲyᵏ − xᵏyʲ) e^(−(x² + y²)/2).
    let a = |j: usize, k: usize| {
        trapezoid(&|i| {
            w[i] * (y[i].powi(k as i32) * cumulative[j][i] - y[i].powi(j as i32) * cumulative[k][i])
        })
    };
    // b(j) = ∫ λʲ e^(−λ²/2), the extra row and column for odd D.
    let b = |j: usize| cumulative[j][n];
    match d {
        1 => b(0),
        2 => a(0, 1),
        3 => a(0, 1) * b(2) - a(0, 2) * b(1) + b(0) * a(1, 2),
        _ => a(0, 1) * a(2, 3) - a(0, 2) * a(1, 3) + a(0, 3) * a(1, 2),
    }
}
