//! The commands: one handler per command, each returning an `Outcome`.
//! What a failure prints and which exit code it gives are decided here
//! alone: 0 when the command did its work, 1 when the tree or the machine
//! stopped it, 2 when the command line named something that does not exist.
//! Handlers call the library and print what they did; they never exit.

pub mod build;
pub mod check;
pub mod diff;
pub mod form;
pub mod pdf;
mod printing;
pub mod scaffold;
pub mod score;

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::model::Model;

pub const EXIT_OK: u8 = 0;
pub const EXIT_ERRORS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// Why a command did not do its work: what to tell the user, and whether
/// the command line was at fault. With no diagnostics the command has said
/// all there is to say (`check --format json` printed them as JSON).
#[derive(Debug)]
pub struct Failure {
    pub usage: bool,
    pub diagnostics: Vec<Diagnostic>,
}

pub type Outcome = Result<(), Failure>;

impl Failure {
    /// The tree, a file or the machine stopped the command.
    pub fn errors(diagnostics: Vec<Diagnostic>) -> Failure {
        Failure {
            usage: false,
            diagnostics,
        }
    }

    /// The command line named something that does not exist.
    pub fn usage(diagnostic: Diagnostic) -> Failure {
        Failure {
            usage: true,
            diagnostics: vec![diagnostic],
        }
    }

    /// One error about `file`, with a hint.
    pub fn error(
        file: impl Into<std::path::PathBuf>,
        message: crate::i18n::Msg,
        hint: crate::i18n::Msg,
    ) -> Failure {
        Failure::errors(vec![Diagnostic::error(file, message).hint(hint)])
    }
}

impl From<crate::build::BuildFailure> for Failure {
    fn from(f: crate::build::BuildFailure) -> Failure {
        Failure {
            usage: f.usage,
            diagnostics: f.diagnostics,
        }
    }
}

impl From<crate::diff::RevisionError> for Failure {
    fn from(e: crate::diff::RevisionError) -> Failure {
        Failure {
            usage: e.usage,
            diagnostics: e.diagnostics,
        }
    }
}

/// The exit code of a command's outcome, its failure printed.
pub fn exit_code(outcome: Outcome) -> u8 {
    match outcome {
        Ok(()) => EXIT_OK,
        Err(failure) => {
            print_diagnostics(&failure.diagnostics);
            if failure.usage {
                EXIT_USAGE
            } else {
                EXIT_ERRORS
            }
        }
    }
}

pub use printing::{print_diagnostics, reading};

/// The checked tree at `content`, or its errors.
pub fn load_clean(content: &Path) -> Result<Model, Failure> {
    let loaded = crate::content::load(content);
    if loaded.diagnostics.has_errors() {
        return Err(Failure::errors(loaded.diagnostics.sorted()));
    }
    Ok(loaded.model)
}

/// Writes a command's output, escaped for the terminal; a closed pipe
/// (`| head`) is a failure with nothing more to say, not a panic.
pub fn print_out(text: &str) -> Outcome {
    crate::terminal::print(text).map_err(|_| Failure::errors(Vec::new()))
}

/// Writes a JSON document, escaped as JSON (see `terminal`).
pub fn print_json(text: &str) -> Outcome {
    crate::terminal::print_json(text).map_err(|_| Failure::errors(Vec::new()))
}
