//! Chapter 11 has no coding exercises: it is a short epilogue whose
//! questions, with worked answers on its page, tie the book together. Its
//! list is empty, so that the exercise checker and the student copies treat
//! it like every other chapter.

harness::exercises! {}
