//! tolok: a static report generator for Reformasi Birokrasi benchmarking.
//!
//! The pipeline runs one way: `content::load` reads and checks a tree into a
//! `model::Model`; `score` computes indices; `view` shapes page contexts;
//! `render` fills the theme's templates; `build` writes the site.

pub mod build;
pub mod cache;
pub mod carry;
pub mod chart;
pub mod cli;
pub mod content;
pub mod diagnostics;
pub mod export;
pub mod model;
pub mod render;
pub mod score;
pub mod timing;
pub mod view;
