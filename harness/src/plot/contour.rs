//! Contour lines of a function of two variables, by marching squares.
//!
//! A loss over a plane of parameters is a landscape; a contour line joins the
//! points of equal height, like the lines of a hiker's map. Where they crowd
//! together the ground is steep, and the gradient crosses every one of them at
//! a right angle. [`contour_lines`] samples the function on a grid and, for
//! each level, traces the lines through the grid cells (the *marching squares*
//! method): in each cell the level is crossed on the edges whose two corners
//! lie on opposite sides of it, at the point found by linear interpolation,
//! and the crossings are joined into polylines ready for
//! [`crate::plot::Chart::line`].

use std::collections::HashMap;

/// The contour lines of one level.
#[derive(Debug, Clone, PartialEq)]
pub struct Contour {
    /// The height `c` of the lines `f(x, y) = c`.
    pub level: f64,
    /// The lines, each a polyline of `(x, y)` points. A closed line ends
    /// where it starts.
    pub lines: Vec<Vec<(f64, f64)>>,
}

/// The rectangle and resolution of the sampling grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grid {
    /// The range of the first variable.
    pub x: (f64, f64),
    /// The range of the second variable.
    pub y: (f64, f64),
    /// How many cells across and up (the grid has one more point each way).
    pub cells: (usize, usize),
}

/// A grid edge: horizontal from point `(i, j)` to `(i + 1, j)`, or vertical
/// from `(i, j)` to `(i, j + 1)`. Two neighbouring cells share an edge, and
/// with it the crossing point, which is how segments are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Edge {
    Horizontal(usize, usize),
    Vertical(usize, usize),
}

/// The lines `f(x, y) = c` for each `c` in `levels`, traced on `grid`.
///
/// The accuracy is that of linear interpolation within a cell: for a smooth
/// `f` the points are off by `O(cell size²)`. Where the function is exactly a
/// level at a grid point, that point counts as above the level.
pub fn contour_lines(f: impl Fn(f64, f64) -> f64, grid: &Grid, levels: &[f64]) -> Vec<Contour> {
    let (nx, ny) = grid.cells;
    assert!(nx >= 1 && ny >= 1, "the grid needs at least one cell");
    let xs: Vec<f64> = (0..=nx)
        .map(|i| grid.x.0 + (grid.x.1 - grid.x.0) * i as f64 / nx as f64)
        .collect();
    let ys: Vec<f64> = (0..=ny)
        .map(|j| grid.y.0 + (grid.y.1 - grid.y.0) * j as f64 / ny as f64)
        .collect();
    let mut values = vec![vec![0.0; nx + 1]; ny + 1];
    for (j, &y) in ys.iter().enumerate() {
        for (i, &x) in xs.iter().enumerate() {
            values[j][i] = f(x, y);
        }
    }
    levels
        .iter()
        .map(|&level| Contour {
            level,
            lines: trace(&xs, &ys, &values, level),
        })
        .collect()
}

fn trace(xs: &[f64], ys: &[f64], v: &[Vec<f64>], level: f64) -> Vec<Vec<(f64, f64)>> {
    let above = |i: usize, j: usize| v[j][i] >= level;
    let crossing = |edge: Edge| -> (f64, f64) {
        let ((i0, j0), (i1, j1)) = match edge {
            Edge::Horizontal(i, j) => ((i, j), (i + 1, j)),
            Edge::Vertical(i, j) => ((i, j), (i, j + 1)),
        };
        let (a, b) = (v[j0][i0], v[j1][i1]);
        let t = ((level - a) / (b - a)).clamp(0.0, 1.0);
        (
            xs[i0] + t * (xs[i1] - xs[i0]),
            ys[j0] + t * (ys[j1] - ys[j0]),
        )
    };

    // Segments cell by cell, each joining two crossed edges.
    let mut segments: Vec<(Edge, Edge)> = Vec::new();
    for j in 0..ys.len() - 1 {
        for i in 0..xs.len() - 1 {
            let corners = [
                above(i, j),
                above(i + 1, j),
                above(i + 1, j + 1),
                above(i, j + 1),
            ];
            let bottom = Edge::Horizontal(i, j);
            let right = Edge::Vertical(i + 1, j);
            let top = Edge::Horizontal(i, j + 1);
            let left = Edge::Vertical(i, j);
            let sides = [
                (corners[0] != corners[1], bottom),
                (corners[1] != corners[2], right),
                (corners[2] != corners[3], top),
                (corners[3] != corners[0], left),
            ];
            let crossed: Vec<Edge> = sides.iter().filter(|s| s.0).map(|s| s.1).collect();
            match crossed.len() {
                2 => segments.push((crossed[0], crossed[1])),
                4 => {
                    // A saddle cell: opposite corners agree. The mean of the
                    // four corners decides whether the two "above" corners are
                    // joined through the middle of the cell.
                    let centre = 0.25 * (v[j][i] + v[j][i + 1] + v[j + 1][i + 1] + v[j + 1][i]);
                    if (centre >= level) == corners[0] {
                        segments.push((bottom, right));
                        segments.push((top, left));
                    } else {
                        segments.push((bottom, left));
                        segments.push((right, top));
                    }
                }
                _ => {}
            }
        }
    }

    // Join segments that share an edge into polylines.
    let mut at_edge: HashMap<Edge, Vec<usize>> = HashMap::new();
    for (k, (a, b)) in segments.iter().enumerate() {
        at_edge.entry(*a).or_default().push(k);
        at_edge.entry(*b).or_default().push(k);
    }
    let mut used = vec![false; segments.len()];
    let mut lines = Vec::new();
    for first in 0..segments.len() {
        if used[first] {
            continue;
        }
        used[first] = true;
        let mut forward = vec![segments[first].0, segments[first].1];
        // Extend from the last edge, then from the first edge backwards.
        for direction in 0..2 {
            loop {
                let end = *forward.last().expect("a chain has two edges");
                let next = at_edge[&end].iter().copied().find(|&k| !used[k]);
                let Some(k) = next else { break };
                used[k] = true;
                let (a, b) = segments[k];
                forward.push(if a == end { b } else { a });
            }
            if direction == 0 {
                forward.reverse();
            }
        }
        lines.push(forward.into_iter().map(crossing).collect());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn circles_come_out_closed_and_at_the_right_radius() {
        let grid = Grid {
            x: (-2.0, 2.0),
            y: (-2.0, 2.0),
            cells: (80, 80),
        };
        let contours = contour_lines(|x, y| x * x + y * y, &grid, &[1.0, 2.25]);
        for (contour, radius) in contours.iter().zip([1.0, 1.5]) {
            assert_eq!(contour.lines.len(), 1, "one closed circle per level");
            let line = &contour.lines[0];
            assert_eq!(line.first(), line.last(), "the circle closes");
            for &(x, y) in line {
                let r = (x * x + y * y).sqrt();
                // Cell size 0.05: interpolation error well under a cell.
                assert!((r - radius).abs() < 5e-3, "r = {r}");
            }
        }
    }

    #[test]
    fn open_lines_run_edge_to_edge_and_missing_levels_are_empty() {
        let grid = Grid {
            x: (0.0, 1.0),
            y: (0.0, 1.0),
            cells: (10, 7),
        };
        let contours = contour_lines(|x, y| x + 2.0 * y, &grid, &[1.0, 5.0]);
        assert_eq!(contours[0].lines.len(), 1);
        for &(x, y) in &contours[0].lines[0] {
            assert!(
                (x + 2.0 * y - 1.0).abs() < 1e-12,
                "a plane is traced exactly"
            );
        }
        assert!(contours[1].lines.is_empty());
    }

    #[test]
    fn a_saddle_gives_two_separate_branches() {
        let grid = Grid {
            x: (-1.0, 1.0),
            y: (-1.0, 1.0),
            cells: (9, 9),
        };
        let contours = contour_lines(|x, y| x * y, &grid, &[0.25]);
        assert_eq!(contours[0].lines.len(), 2, "xy = ¼ has two branches");
    }
}
