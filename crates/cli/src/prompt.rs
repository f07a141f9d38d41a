//! Reading secrets and confirmations: from a terminal without echo, or from
//! standard input for scripts. Never from the command line.

use std::io::{BufRead, IsTerminal};

use secrecy::SecretString;

use super::CliError;
use epicevents_domain::{Password, ValidationError};
use inquire::validator::Validation;

/// Where passwords come from for this command.
pub struct Passwords {
    from_stdin: bool,
}

impl Passwords {
    pub fn new(from_stdin: bool) -> Self {
        Self { from_stdin }
    }

    /// Reads one password. With `--password-stdin`, each call takes the next
    /// line of standard input; otherwise the terminal prompts without echo.
    pub fn read(&self, prompt: &str, confirm: bool) -> Result<SecretString, CliError> {
        if self.from_stdin {
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|e| CliError::Local(format!("cannot read standard input: {e}")))?;
            let trimmed = line.trim_end_matches(['\n', '\r']);
            if trimmed.is_empty() {
                return Err(CliError::Usage(format!(
                    "{prompt}: expected a line on standard input"
                )));
            }
            return Ok(SecretString::from(trimmed.to_owned()));
        }
        require_terminal("prompt for a password; use --password-stdin")?;
        let mut question =
            inquire::Password::new(prompt).with_display_mode(inquire::PasswordDisplayMode::Hidden);
        if confirm {
            // A new password: one the rules refuse is asked again, in place,
            // with the rule, rather than ending the command.
            let rules = |input: &str| {
                Ok(match Password::new(SecretString::from(input.to_owned())) {
                    Ok(_) => Validation::Valid,
                    Err(e) => Validation::Invalid(format!("The password {}.", e.rule).into()),
                })
            };
            question = question
                .with_validator(rules)
                .with_custom_confirmation_message("Again, to confirm:")
                .with_custom_confirmation_error_message("The two entries differ.");
        } else {
            question = question.without_confirmation();
        }
        question
            .prompt()
            .map(SecretString::from)
            .map_err(prompt_error)
    }
}

/// Checks typed text against its value type before anything is asked for,
/// with the service's own error (the same rule and message as the command's).
pub fn valid<T: std::str::FromStr<Err = ValidationError>>(text: &str) -> Result<(), CliError> {
    text.parse::<T>()
        .map(drop)
        .map_err(|e| epicevents_service::ServiceError::Invalid(e).into())
}

pub fn require_terminal(purpose: &str) -> Result<(), CliError> {
    if std::io::stdin().is_terminal() {
        Ok(())
    } else {
        Err(CliError::Usage(format!("no terminal to {purpose}")))
    }
}

/// Asks one question; without a terminal, tells which flag answers it.
pub fn text(question: &str, flag: &str) -> Result<String, CliError> {
    require_terminal(&format!("prompt; pass {flag}"))?;
    inquire::Text::new(question).prompt().map_err(prompt_error)
}

pub fn confirm(question: &str) -> Result<bool, CliError> {
    inquire::Confirm::new(question)
        .with_default(false)
        .prompt()
        .map_err(prompt_error)
}

fn prompt_error(e: inquire::InquireError) -> CliError {
    match e {
        inquire::InquireError::OperationCanceled | inquire::InquireError::OperationInterrupted => {
            CliError::Cancelled
        }
        other => CliError::Local(format!("cannot prompt: {other}")),
    }
}
