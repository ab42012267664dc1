//! Chapter 3: fitting a line, the gradient formulas.
//!
//! Run from the repository root with `cargo run --example chapter3`. With no
//! options it prints every number the chapter quotes and redraws the
//! chapter's figures in `book/src/figures/chapter3/`; with options (see
//! `--help`) it runs the reader's own experiment and draws it under
//! `target/downhill/chapter3/`.

fn main() {
    descent::cli::run(chapter3::USAGE, |args| {
        let output = chapter3::run_args(args)?;
        output.write()?;
        print!("{}", output.text);
        Ok(())
    });
}
