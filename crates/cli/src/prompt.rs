//! Reading secrets and confirmations: from a terminal without echo, or from
//! standard input for scripts. Never from the command line.

use std::io::{BufRead, IsTerminal};

use secrecy::SecretString;

use super::CliError;

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
            question = question
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
