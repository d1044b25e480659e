//! A workbook as a filled answer form through `tolok import`'s checks (never
//! written): no panic, memory and time bounded by the import's limits.
#![no_main]

#[allow(dead_code)]
#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::form(data));
