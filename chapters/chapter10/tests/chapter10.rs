use chapter10::*;

#[test]
fn the_chapter_passes_the_kits_check() {
    harness::check(&Chapter10);
}
