//! Chapter 11: epilogue, learning as descent. Run from the repository root
//! with `cargo run --example chapter11`.

fn main() {
    harness::main(&chapter11::Chapter11);
}
