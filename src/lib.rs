//! tolok: a static report generator for Reformasi Birokrasi benchmarking.
//!
//! The pipeline runs one way: `content::load` reads and checks a tree into a
//! `model::Model`; `score` computes indices; `view` shapes page contexts;
//! `render` fills the theme's templates; `build` writes the site. `git` reads
//! the tree's history (provenance) and old revisions; `diff` compares two states;
//! `xlsx` writes `scores.xlsx` and the agency answer form and imports it back.
//! `pdf` prints the site's printable documents through a headless browser.

pub mod analysis;
pub mod build;
pub mod chart;
pub mod cli;
pub mod cmd;
pub mod content;
pub mod diagnostics;
pub mod diff;
pub mod export;
pub mod git;
pub mod i18n;
pub mod model;
pub mod pdf;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod score;
pub mod search;
pub mod serve;
pub mod terminal;
pub mod timing;
pub mod view;
pub mod xlsx;
