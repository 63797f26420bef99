//! Optional arguments of the positional methods: `None`, `Some(value)`, a borrowed
//! `&Option<value>`, or the value itself.
//!
//! ```
//! use appwrite_server_sdk::{Optional, Query};
//!
//! fn text(value: impl Optional<String>) -> Option<String> {
//!     value.into_option()
//! }
//! fn list(value: impl Optional<Vec<String>>) -> Option<Vec<String>> {
//!     value.into_option()
//! }
//! fn number(value: impl Optional<i64>) -> Option<i64> {
//!     value.into_option()
//! }
//!
//! let held: Option<String> = Some("Ann".to_owned());
//! assert_eq!(text(None), None);
//! assert_eq!(text(&held), Some("Ann".to_owned()));
//! assert_eq!(text(held), Some("Ann".to_owned()));
//! assert_eq!(text("x"), Some("x".to_owned()));
//! assert_eq!(list(None), None);
//! assert_eq!(list([Query::limit(5)]), Some(vec![r#"{"method":"limit","values":[5]}"#.to_owned()]));
//! assert_eq!(list(["a", "b"]), Some(vec!["a".to_owned(), "b".to_owned()]));
//! assert_eq!(list(Some(vec!["a".to_owned()])), Some(vec!["a".to_owned()]));
//! assert_eq!(number(Some(5)), Some(5));
//! assert_eq!(number(5_u32), Some(5));
//! ```
//!
//! In calls, with the arguments in node-appwrite's order:
//!
//! ```no_run
//! # #![allow(deprecated)]
//! # async fn run() -> appwrite_server_sdk::Result<()> {
//! use appwrite_server_sdk::{Client, ID, Query};
//!
//! let client = Client::builder().endpoint("https://cloud.appwrite.io/v1").project("<PROJECT>").key("<KEY>").build()?;
//! let account = client.account();
//! // Optional text: the text itself, `None`, an `Option<String>` or a `&Option<String>`.
//! account.create_positional(ID::unique(), "ann@example.com", "password", "Ann").await?;
//! let name: Option<String> = None;
//! account.create_positional(ID::unique(), "bob@example.com", "password", &name).await?;
//! account.create_positional(ID::unique(), "eve@example.com", "password", name).await?;
//! // Optional lists: an array, `Vec` or slice of strings, queries, permissions or roles, or `None`.
//! let logs = account.list_logs_positional([Query::limit(5), Query::offset(10)], None).await?;
//! // Optional numbers, booleans and enums: the value, `Some(value)` or `None`.
//! let identities = account.list_identities_positional(None, false).await?;
//! # let _ = (logs, identities);
//! # Ok(())
//! # }
//! ```
//!
//! One form is not accepted: an `Option` of a *borrowed* value (`Some("Ann")`, an `Option<&str>`).
//! A bare `None` must have one type for Rust to infer it, and that type is `Option<T>` of the
//! owned value; pass the text itself (`"Ann"`), or `name.map(String::from)`.

/// An optional argument of type `T`: `None`, `Some(T)`, `&Option<T>`, or a value that converts
/// to `T` without loss (`&str` and `&String` for `String`; arrays, `Vec`s and slices of strings,
/// [`Query`](crate::Query), [`Permission`](crate::Permission) or [`Role`](crate::Role) for
/// `Vec<String>`; smaller integers for `i64`, `f32` for `f64`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an optional `{T}` argument",
    label = "expected `None`, `Some({T})`, `&Option<{T}>` or the value itself",
    note = "an `Option` of a borrowed value (`Some(\"x\")`, `Option<&str>`) is not accepted: pass the value itself, or `.map(String::from)`"
)]
pub trait Optional<T>: sealed::Sealed<T> {
    /// The value, if given.
    fn into_option(self) -> Option<T>;
}

impl<T> Optional<T> for Option<T> {
    fn into_option(self) -> Option<T> {
        self
    }
}

impl<T: Clone> Optional<T> for &Option<T> {
    fn into_option(self) -> Option<T> {
        self.clone()
    }
}

/// The value itself: text, numbers, booleans and the crate's enums.
impl<T: crate::request::ScalarValue> Optional<T> for T {
    fn into_option(self) -> Option<T> {
        Some(self)
    }
}

/// A list of such values as it is.
impl<T: crate::request::ScalarValue> Optional<Vec<T>> for Vec<T> {
    fn into_option(self) -> Option<Vec<T>> {
        Some(self)
    }
}

/// Values that convert to the argument's type without loss.
macro_rules! lossless {
    ($to:ty: $($from:ty),*) => {$(
        impl Optional<$to> for $from {
            fn into_option(self) -> Option<$to> {
                Some(<$to>::from(self))
            }
        }
        impl sealed::Sealed<$to> for $from {}
    )*};
}
lossless!(String: &str, &String);
lossless!(i64: i8, i16, i32, u8, u16, u32);
lossless!(f64: f32);

impl<T: Into<String>, const N: usize> Optional<Vec<String>> for [T; N] {
    fn into_option(self) -> Option<Vec<String>> {
        Some(self.into_iter().map(Into::into).collect())
    }
}

impl Optional<Vec<String>> for Vec<&str> {
    fn into_option(self) -> Option<Vec<String>> {
        Some(self.into_iter().map(str::to_owned).collect())
    }
}

/// Lists of the crate's string builders.
macro_rules! string_lists {
    ($($t:ty),*) => {$(
        impl Optional<Vec<String>> for Vec<$t> {
            fn into_option(self) -> Option<Vec<String>> {
                Some(self.into_iter().map(Into::into).collect())
            }
        }
        impl sealed::Sealed<Vec<String>> for Vec<$t> {}
    )*};
}
string_lists!(crate::Query, crate::Permission, crate::Role);

impl<T: Into<String> + Clone> Optional<Vec<String>> for &[T] {
    fn into_option(self) -> Option<Vec<String>> {
        Some(self.iter().cloned().map(Into::into).collect())
    }
}

/// An optional text argument ([`Optional<String>`]), by its earlier name.
pub trait OptionalString: Optional<String> {}
impl<T: Optional<String>> OptionalString for T {}

/// An optional list of strings ([`Optional<Vec<String>>`]), by its earlier name.
pub trait OptionalStrings: Optional<Vec<String>> {}
impl<T: Optional<Vec<String>>> OptionalStrings for T {}

/// Only this crate implements [`Optional`] (so `None` always has one meaning).
mod sealed {
    pub trait Sealed<T> {}
    impl<T> Sealed<T> for Option<T> {}
    impl<T> Sealed<T> for &Option<T> {}
    impl<T: crate::request::ScalarValue> Sealed<T> for T {}
    impl<T: crate::request::ScalarValue> Sealed<Vec<T>> for Vec<T> {}
    impl<T, const N: usize> Sealed<Vec<String>> for [T; N] {}
    impl Sealed<Vec<String>> for Vec<&str> {}
    impl<T> Sealed<Vec<String>> for &[T] {}
}
