//! The book's figures: the house style, charts, clipping, contour lines, and
//! the figure files with their golden check.
//!
//! - [`style`]: sizes, fonts and the colour-blind-safe palette.
//! - [`chart`]: axes and marks drawn into SVG; several charts as panels.
//! - [`clip`]: cutting lines to the axes, so a diverging run never draws
//!   outside its frame.
//! - [`contour`]: contour lines of a landscape over a plane.
//! - [`files`]: writing figures, and checking the committed ones byte for byte.

pub mod chart;
pub mod clip;
pub mod contour;
pub mod files;
pub mod style;

pub use chart::{Anchor, Axis, Chart, LegendCorner, Mark, Scale, Stroke, legible, sample};
pub use contour::{Contour, Grid, contour_lines};
pub use files::{Figure, check_figures, narrow_name, write_figures};
pub use style::{Colour, HEIGHT, NARROW_WIDTH, WIDTH, palette};
