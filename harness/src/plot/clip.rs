//! Clipping: cut what a chart draws to its axes.

pub(crate) type Rect = ((f64, f64), (f64, f64));

pub(crate) fn inside((x, y): (f64, f64), ((x0, y0), (x1, y1)): Rect) -> bool {
    x0 <= x && x <= x1 && y0 <= y && y <= y1
}

/// Cut a polyline to the rectangle, returning the pieces that lie inside.
///
/// plotters' SVG backend draws a line wherever its pixels fall, even outside
/// the axes, so a curve that leaves the chart (a diverging run, a long
/// tangent) must be cut first. Each segment is clipped with the
/// Liang–Barsky method.
pub(crate) fn clip_polyline(points: &[(f64, f64)], clip: Rect) -> Vec<Vec<(f64, f64)>> {
    let mut pieces: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for pair in points.windows(2) {
        match clip_segment(pair[0], pair[1], clip) {
            Some((a, b)) => {
                if current.last() != Some(&a) {
                    if current.len() > 1 {
                        pieces.push(std::mem::take(&mut current));
                    }
                    current.clear();
                    current.push(a);
                }
                current.push(b);
                if b != pair[1] {
                    pieces.push(std::mem::take(&mut current));
                }
            }
            None => {
                if current.len() > 1 {
                    pieces.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() > 1 {
        pieces.push(current);
    }
    pieces
}

fn clip_segment(
    a: (f64, f64),
    b: (f64, f64),
    ((x0, y0), (x1, y1)): Rect,
) -> Option<((f64, f64), (f64, f64))> {
    if !(a.0.is_finite() && a.1.is_finite() && b.0.is_finite() && b.1.is_finite()) {
        return None;
    }
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let mut t_enter: f64 = 0.0;
    let mut t_leave: f64 = 1.0;
    for (p, q) in [
        (-dx, a.0 - x0),
        (dx, x1 - a.0),
        (-dy, a.1 - y0),
        (dy, y1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t_enter = t_enter.max(t);
            } else {
                t_leave = t_leave.min(t);
            }
        }
    }
    if t_enter > t_leave {
        return None;
    }
    let at = |t: f64| {
        if t == 0.0 {
            a
        } else if t == 1.0 {
            b
        } else {
            (a.0 + t * dx, a.1 + t * dy)
        }
    };
    Some((at(t_enter), at(t_leave)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_clipped_to_the_axes() {
        let pieces = clip_polyline(&[(-3.0, -2.0), (3.0, 10.0)], ((-2.0, 0.0), (2.0, 4.0)));
        assert_eq!(pieces.len(), 1);
        let piece = &pieces[0];
        // y = 2x + 4 enters at (−2, 0) and leaves at (0, 4).
        approx::assert_relative_eq!(piece[0].0, -2.0);
        approx::assert_relative_eq!(piece[0].1, 0.0);
        approx::assert_relative_eq!(piece[1].0, 0.0);
        approx::assert_relative_eq!(piece[1].1, 4.0);
    }

    #[test]
    fn a_polyline_that_leaves_and_returns_is_split() {
        let pieces = clip_polyline(
            &[(0.0, 0.5), (0.5, 0.5), (0.5, 2.0), (0.8, 0.5), (0.9, 0.5)],
            ((0.0, 0.0), (1.0, 1.0)),
        );
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        assert_eq!(pieces[0][0], (0.0, 0.5));
        assert_eq!(pieces[1].last(), Some(&(0.9, 0.5)));
        assert!(inside((0.5, 0.5), ((0.0, 0.0), (1.0, 1.0))));
    }
}
