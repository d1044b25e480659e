//! A narrative through the front-matter splitter, its YAML checks and the
//! Markdown sanitizer: no input may panic, and no script may survive.
#![no_main]

#[allow(dead_code)]
#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::frontmatter(data));
