//! Chapter 1: slope and the derivative.
//!
//! Run from the repository root with `cargo run --example chapter1`. Prints
//! every number the chapter quotes and redraws the chapter's figures in
//! `book/src/figures/chapter1/`.

use descent::plot::write_figures;

const USAGE: &str = "\
Chapter 1: slope and the derivative.

usage: cargo run --example chapter1

Prints the tangent slopes, the finite-difference errors and the walk down
f(x) = x², and redraws the chapter's figures in book/src/figures/chapter1/.
Takes no options other than --help.";

fn main() {
    descent::cli::run(USAGE, |args| {
        args.finish()?;
        let report = chapter1::Report::compute();
        print!("{report}");
        let figures = chapter1::figures(&report);
        let directory = chapter1::figure_directory();
        write_figures(&directory, &figures)?;
        println!();
        println!(
            "Wrote {} figures to {}",
            figures.len(),
            directory
                .strip_prefix(chapter1::repository_root())
                .unwrap_or(&directory)
                .display()
        );
        Ok(())
    });
}
