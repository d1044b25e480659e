//! A Markdown text through the loader's nesting and size check and, when it
//! passes, the renderer and sanitizer: no panic, no script, bounded time.
#![no_main]

#[allow(dead_code)]
#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::markdown(data));
