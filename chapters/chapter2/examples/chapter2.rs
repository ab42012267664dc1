//! Chapter 2: the learning rate.
//!
//! Run from the repository root with `cargo run --example chapter2`. With no
//! options it prints every number the chapter quotes and redraws the
//! chapter's figures in `book/src/figures/chapter2/`; with `--lr` and
//! `--steps` it runs the reader's own learning rate and draws it under
//! `target/downhill/chapter2/`. The work is done by `chapter2::execute`,
//! which the tests call too.

use descent::plot::write_figures;

fn main() {
    descent::cli::run(chapter2::USAGE, |args| {
        let output = chapter2::execute(args)?;
        print!("{}", output.text);
        let written = write_figures(&output.directory, &output.figures)?;
        println!();
        if output.directory == chapter2::figure_directory() {
            println!(
                "Wrote {} figures to {}",
                written.len(),
                output
                    .directory
                    .strip_prefix(chapter2::repository_root())
                    .unwrap_or(&output.directory)
                    .display()
            );
        } else {
            for path in written {
                println!("Wrote your figure to {}", path.display());
            }
        }
        Ok(())
    });
}
