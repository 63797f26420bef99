//! Values of parameters that may be `null`.

/// A value for a parameter that may be `null`: the value itself (or what converts into it: `&str`
/// for text; an array or `Vec` of the items, or of `&str`, [`Query`](crate::Query),
/// [`Permission`](crate::Permission) or [`Role`](crate::Role) for a list of strings), or `None`
/// for `null`.
///
/// A setter taking `impl Nullable<T>` accepts `"text"`, `42`, `Some(value)` and `None`.
pub trait Nullable<T> {
    /// The value, `None` standing for `null`.
    fn into_option(self) -> Option<T>;
}

impl<T> Nullable<T> for T {
    fn into_option(self) -> Option<T> {
        Some(self)
    }
}

impl<T> Nullable<T> for Option<T> {
    fn into_option(self) -> Option<T> {
        self
    }
}

impl Nullable<String> for &str {
    fn into_option(self) -> Option<String> {
        Some(self.to_owned())
    }
}

impl Nullable<String> for &String {
    fn into_option(self) -> Option<String> {
        Some(self.clone())
    }
}

impl<T, const N: usize> Nullable<Vec<T>> for [T; N] {
    fn into_option(self) -> Option<Vec<T>> {
        Some(self.into())
    }
}

impl<const N: usize> Nullable<Vec<String>> for [&str; N] {
    fn into_option(self) -> Option<Vec<String>> {
        Some(self.iter().map(|s| (*s).to_owned()).collect())
    }
}

impl Nullable<Vec<String>> for Vec<&str> {
    fn into_option(self) -> Option<Vec<String>> {
        Some(self.into_iter().map(str::to_owned).collect())
    }
}

/// Lists of queries, permissions and roles, where a list of strings is taken.
macro_rules! string_lists {
    ($($item:ty),*) => {
        $(
            impl<const N: usize> Nullable<Vec<String>> for [$item; N] {
                fn into_option(self) -> Option<Vec<String>> {
                    Some(self.into_iter().map(String::from).collect())
                }
            }

            impl Nullable<Vec<String>> for Vec<$item> {
                fn into_option(self) -> Option<Vec<String>> {
                    Some(self.into_iter().map(String::from).collect())
                }
            }
        )*
    };
}

string_lists!(crate::Query, crate::Permission, crate::Role);

#[cfg(test)]
mod tests {
    use super::Nullable;

    fn take<T>(value: impl Nullable<T>) -> Option<T> {
        value.into_option()
    }

    #[test]
    fn values_and_none_convert() {
        assert_eq!(take::<String>("a"), Some("a".to_owned()));
        assert_eq!(take::<String>(None), None);
        assert_eq!(take::<String>(Some("b".to_owned())), Some("b".to_owned()));
        assert_eq!(take::<f64>(1.5), Some(1.5));
        assert_eq!(take::<Vec<String>>(["x", "y"]), Some(vec!["x".to_owned(), "y".to_owned()]));
        assert_eq!(take::<Vec<i64>>([1, 2]), Some(vec![1, 2]));
        let read = crate::Permission::read(crate::Role::any());
        assert_eq!(take::<Vec<String>>([read.clone()]), Some(vec![read.clone().into()]));
        assert_eq!(
            take::<Vec<String>>(vec![crate::Query::limit(1)]),
            Some(vec![r#"{"method":"limit","values":[1]}"#.to_owned()])
        );
        assert_eq!(take::<Vec<String>>(vec!["a"]), Some(vec!["a".to_owned()]));
    }
}
