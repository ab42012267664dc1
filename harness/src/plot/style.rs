//! The house style: one size, one palette, one set of fonts for every figure.
//!
//! Every figure in *Downhill* is drawn through [`crate::plot`], so they all
//! share one look: the Okabe–Ito colour-blind-safe palette, a light grid,
//! readable axis labels with their symbols, a white panel (so figures stay
//! legible in the book's dark themes), and no title baked into the image; the
//! caption lives in the book.

use plotters::style::RGBColor;

/// The default size of a figure, in CSS pixels: the width of the book's text column.
pub const WIDTH: u32 = 720;
/// The default height of a figure.
pub const HEIGHT: u32 = 420;
/// The width of every figure's narrow rendering, for phones: a 390-pixel
/// screen shows it at about its own size, so its text keeps the sizes below.
pub const NARROW_WIDTH: u32 = 360;

pub(crate) const FONT: &str = "sans-serif";

/// plotters places everything on whole pixels, which makes smooth curves
/// visibly jagged. We draw at twice the size and declare the display size in
/// the SVG header, so coordinates land on half pixels. Every size below is in
/// display pixels and goes through [`px`].
pub(crate) const SCALE: u32 = 2;

pub(crate) fn px(display_pixels: u32) -> u32 {
    display_pixels * SCALE
}

// plotters divides font sizes by 1.24 when it writes SVG; these give 15 px
// axis titles and 13 px tick labels at display size.
pub(crate) const AXIS_TITLE_SIZE: f64 = 18.6 * SCALE as f64;
pub(crate) const TICK_SIZE: f64 = 16.1 * SCALE as f64;
pub(crate) const TEXT_SIZE: f64 = 16.1 * SCALE as f64;

/// A colour of the palette.
pub type Colour = RGBColor;

/// The Okabe–Ito palette, which stays distinguishable under the common forms
/// of colour blindness. Use [`palette::series`] to pick the `i`-th colour of a
/// family of curves.
pub mod palette {
    use super::Colour;

    /// Blue, the first series colour.
    pub const BLUE: Colour = plotters::style::RGBColor(0x00, 0x72, 0xB2);
    /// Vermillion, the second.
    pub const VERMILLION: Colour = plotters::style::RGBColor(0xD5, 0x5E, 0x00);
    /// Bluish green, the third.
    pub const GREEN: Colour = plotters::style::RGBColor(0x00, 0x9E, 0x73);
    /// Reddish purple, the fourth.
    pub const PURPLE: Colour = plotters::style::RGBColor(0xCC, 0x79, 0xA7);
    /// Orange, the fifth.
    pub const ORANGE: Colour = plotters::style::RGBColor(0xE6, 0x9F, 0x00);
    /// Sky blue, the sixth.
    pub const SKY: Colour = plotters::style::RGBColor(0x56, 0xB4, 0xE9);
    /// Near-black, for reference lines and text.
    pub const INK: Colour = plotters::style::RGBColor(0x33, 0x33, 0x33);
    /// Mid grey, for secondary reference marks.
    pub const GREY: Colour = plotters::style::RGBColor(0x88, 0x88, 0x88);

    const SERIES: [Colour; 6] = [BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY];

    /// The `i`-th colour for a family of series (wraps around after six).
    pub fn series(i: usize) -> Colour {
        SERIES[i % SERIES.len()]
    }

    /// `colour` lightened towards white, keeping the share `strength` of
    /// it (from 0, white, to 1, the colour itself): a fill on which text in
    /// [`INK`] stays readable, such as the cells of a map.
    pub fn tint(colour: Colour, strength: f64) -> Colour {
        let mix = |c: u8| (255.0 - strength * (255.0 - c as f64)).round() as u8;
        plotters::style::RGBColor(mix(colour.0), mix(colour.1), mix(colour.2))
    }
}

#[cfg(test)]
mod tests {
    use super::palette::{BLUE, tint};

    #[test]
    fn a_tint_runs_from_white_to_the_colour() {
        assert_eq!(tint(BLUE, 1.0), BLUE);
        assert_eq!(tint(BLUE, 0.0), plotters::style::RGBColor(255, 255, 255));
        assert_eq!(tint(BLUE, 0.5), plotters::style::RGBColor(128, 185, 217));
    }
}
