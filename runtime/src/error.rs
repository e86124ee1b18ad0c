//! Error types shared by every operation: invalid input caught before sending, and what a
//! vendor's error response carries.

use std::fmt;

/// Why a param's value was refused before any request was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ViolationKind {
    /// A required param was not set.
    Missing,
    /// Longer than `max_length` characters.
    TooLong {
        /// The limit.
        max: u64,
        /// The value's length.
        actual: u64,
    },
    /// Shorter than `min_length` characters.
    TooShort {
        /// The limit.
        min: u64,
        /// The value's length.
        actual: u64,
    },
    /// Below `minimum`.
    BelowMinimum {
        /// The limit.
        min: i64,
        /// The value.
        actual: i64,
    },
    /// Above `maximum`.
    AboveMaximum {
        /// The limit.
        max: i64,
        /// The value.
        actual: i64,
    },
    /// More than `max_items` values.
    TooManyItems {
        /// The limit.
        max: u64,
        /// How many were given.
        actual: u64,
    },
    /// None of a group of params was set, and at least one must be.
    NoneOf(Vec<&'static str>),
    /// A header value with a character HTTP cannot carry there (a line break, another control
    /// character, anything outside visible ASCII).
    NotHeaderText,
    /// A path param of `.`, `..` or nothing: URL normalisation would address another
    /// resource, and the signature would cover a path the server never sees.
    NotPathSegment,
}

/// One refused value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where it is: the param's wire name, then a model's fields and a list's indexes
    /// (`thumbnail_para.dots[3]`); for [`ViolationKind::NoneOf`], the first param of the group.
    pub path: String,
    /// What is wrong.
    pub kind: ViolationKind,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = &self.path;
        match &self.kind {
            ViolationKind::Missing => write!(f, "`{p}` is required"),
            ViolationKind::TooLong { max, actual } => {
                write!(
                    f,
                    "`{p}` is {actual} characters long; at most {max} are allowed"
                )
            }
            ViolationKind::TooShort { min, actual } => {
                write!(
                    f,
                    "`{p}` is {actual} characters long; at least {min} are needed"
                )
            }
            ViolationKind::BelowMinimum { min, actual } => {
                write!(f, "`{p}` is {actual}; the smallest allowed value is {min}")
            }
            ViolationKind::AboveMaximum { max, actual } => {
                write!(f, "`{p}` is {actual}; the largest allowed value is {max}")
            }
            ViolationKind::TooManyItems { max, actual } => {
                write!(f, "`{p}` has {actual} values; at most {max} are allowed")
            }
            ViolationKind::NoneOf(group) => {
                write!(f, "set at least one of `{}`", group.join("`, `"))
            }
            ViolationKind::NotHeaderText => write!(
                f,
                "`{p}` is a header: only visible ASCII, spaces and tabs can be sent (no line breaks)"
            ),
            ViolationKind::NotPathSegment => write!(
                f,
                "`{p}` goes in the path: it cannot be `.`, `..` or empty, which would address another resource"
            ),
        }
    }
}

/// A request refused before it was sent, with every violation found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// The operation (`get-snapshot-task-status`).
    pub operation: &'static str,
    /// Every violation, in param order.
    pub violations: Vec<Violation>,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} request: ", self.operation)?;
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}

/// Collects violations while a builder checks its params.
#[derive(Debug)]
pub struct Checker {
    operation: &'static str,
    violations: Vec<Violation>,
}

impl Checker {
    /// Starts checking a request of `operation`.
    pub fn new(operation: &'static str) -> Self {
        Checker {
            operation,
            violations: Vec::new(),
        }
    }

    /// Records a violation.
    pub fn fail(&mut self, path: &str, kind: ViolationKind) {
        self.violations.push(Violation {
            path: path.to_owned(),
            kind,
        });
    }

    /// A required value, or a [`ViolationKind::Missing`].
    pub fn required<T: Clone>(&mut self, path: &str, v: &Option<T>) -> Option<T> {
        if v.is_none() {
            self.fail(path, ViolationKind::Missing);
        }
        v.clone()
    }

    /// Length limits, in characters.
    pub fn length(&mut self, path: &str, v: &str, min: Option<u64>, max: Option<u64>) {
        let actual = v.chars().count() as u64;
        if let Some(max) = max
            && actual > max
        {
            self.fail(path, ViolationKind::TooLong { max, actual });
        }
        if let Some(min) = min
            && actual < min
        {
            self.fail(path, ViolationKind::TooShort { min, actual });
        }
    }

    /// Range limits.
    pub fn range(&mut self, path: &str, v: i64, min: Option<i64>, max: Option<i64>) {
        if let Some(min) = min
            && v < min
        {
            self.fail(path, ViolationKind::BelowMinimum { min, actual: v });
        }
        if let Some(max) = max
            && v > max
        {
            self.fail(path, ViolationKind::AboveMaximum { max, actual: v });
        }
    }

    /// A list's item limit.
    pub fn items(&mut self, path: &str, n: usize, max: u64) {
        let actual = n as u64;
        if actual > max {
            self.fail(path, ViolationKind::TooManyItems { max, actual });
        }
    }

    /// None of a group of params is set, and at least one must be.
    pub fn none_of(&mut self, group: Vec<&'static str>) {
        let first = group.first().copied().unwrap_or_default();
        self.fail(first, ViolationKind::NoneOf(group));
    }

    /// The checked value when nothing was violated. `value` is `None` exactly when a required
    /// param was missing, which [`Checker::required`] has recorded.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, BuildError> {
        match value {
            Some(v) if self.violations.is_empty() => Ok(v),
            _ => Err(BuildError {
                operation: self.operation,
                violations: self.violations,
            }),
        }
    }
}

pub use vodspec_envelope::{Code, ServiceErrorMeta};

/// Credentials that cannot sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialsError {
    /// A required credential is missing from the environment.
    Missing {
        /// The environment variable.
        var: &'static str,
    },
    /// None of the vendor's auth schemes has all the credentials it needs.
    NoScheme {
        /// The schemes, each with the credentials it needs.
        needs: Vec<String>,
    },
    /// The credential that picks the endpoint (a region) is neither one of the vendor's
    /// regions nor a DNS label: pasted into the endpoint, it could name another host.
    BadEndpoint {
        /// The credential (`region`).
        credential: &'static str,
        /// Its value.
        value: String,
    },
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialsError::Missing { var } => write!(f, "environment variable {var} is not set"),
            CredentialsError::NoScheme { needs } => {
                write!(
                    f,
                    "no auth scheme has its credentials; set one of: {}",
                    needs.join("; ")
                )
            }
            CredentialsError::BadEndpoint { credential, value } => write!(
                f,
                "credential `{credential}` is {value:?}: neither one of the vendor's regions nor a DNS label (letters, digits, `-`)"
            ),
        }
    }
}

impl std::error::Error for CredentialsError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checker_collects_every_violation() {
        let mut c = Checker::new("op");
        let got: Option<String> = c.required("a", &None);
        assert!(got.is_none());
        c.length("b", "长长长", None, Some(2));
        c.range("c", 0, Some(1), Some(100));
        c.items("d", 11, 10);
        c.none_of(vec!["e", "f"]);
        let err = c.finish(got).unwrap_err();
        assert_eq!(err.violations.len(), 5);
        assert_eq!(
            err.to_string(),
            "invalid op request: `a` is required; `b` is 3 characters long; at most 2 are allowed; \
             `c` is 0; the smallest allowed value is 1; `d` has 11 values; at most 10 are allowed; \
             set at least one of `e`, `f`"
        );
        let mut ok = Checker::new("op");
        ok.range("c", 50, Some(1), Some(100));
        assert_eq!(ok.finish(Some(7)), Ok(7));
    }
}
