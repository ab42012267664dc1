//! Chapter 3: fitting a line, the gradient formulas. Run from the repository
//! root with `cargo run --example chapter3`; `-- --help` lists the options.

fn main() {
    harness::main(&chapter3::Chapter3);
}
