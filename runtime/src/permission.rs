//! Permission and role strings (node-appwrite's `Permission` and `Role`).
//!
//! A [`Permission`] is the string node-appwrite 23.1.0's `Permission` helpers produce, byte for
//! byte (`read("user:abc")`: the role is put between quotes as it is, not escaped), for a role
//! made by [`Role`]'s functions (or any string). Every parameter that takes permissions takes
//! strings, and a `Permission` converts into one:
//!
//! ```
//! use appwrite_server_sdk::{Permission, Role};
//!
//! let permissions = [
//!     Permission::read(Role::any()),
//!     Permission::update(Role::user("5c1f88b4")),
//!     Permission::delete(Role::team_with_role("admins", "owner")),
//! ];
//! assert_eq!(permissions[0], r#"read("any")"#);
//! assert_eq!(permissions[1], r#"update("user:5c1f88b4")"#);
//! assert_eq!(permissions[2], r#"delete("team:admins/owner")"#);
//! ```

use std::fmt;

/// A permission: what a role may do with a resource, as node-appwrite's `Permission` writes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Permission(String);

impl Permission {
    fn new(action: &str, role: &str) -> Self {
        Permission(format!("{action}(\"{role}\")"))
    }

    /// `role` may read the resource.
    ///
    /// ```
    /// use appwrite_server_sdk::{Permission, Role};
    ///
    /// assert_eq!(Permission::read(Role::users()), r#"read("users")"#);
    /// ```
    pub fn read(role: impl AsRef<str>) -> Self {
        Permission::new("read", role.as_ref())
    }

    /// `role` may write the resource: an alias of update, delete and, for collections and
    /// tables, create. Do not combine it with those.
    ///
    /// ```
    /// use appwrite_server_sdk::{Permission, Role};
    ///
    /// assert_eq!(Permission::write(Role::guests()), r#"write("guests")"#);
    /// ```
    pub fn write(role: impl AsRef<str>) -> Self {
        Permission::new("write", role.as_ref())
    }

    /// `role` may create resources (in a collection, table or bucket).
    ///
    /// ```
    /// use appwrite_server_sdk::{Permission, Role};
    ///
    /// assert_eq!(Permission::create(Role::label("vip")), r#"create("label:vip")"#);
    /// ```
    pub fn create(role: impl AsRef<str>) -> Self {
        Permission::new("create", role.as_ref())
    }

    /// `role` may update the resource.
    ///
    /// ```
    /// use appwrite_server_sdk::{Permission, Role};
    ///
    /// assert_eq!(Permission::update(Role::member("m1")), r#"update("member:m1")"#);
    /// ```
    pub fn update(role: impl AsRef<str>) -> Self {
        Permission::new("update", role.as_ref())
    }

    /// `role` may delete the resource.
    ///
    /// ```
    /// use appwrite_server_sdk::{Permission, Role};
    ///
    /// assert_eq!(Permission::delete(Role::team("t1")), r#"delete("team:t1")"#);
    /// ```
    pub fn delete(role: impl AsRef<str>) -> Self {
        Permission::new("delete", role.as_ref())
    }

    /// The permission string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The permission string, taken out.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// A role a permission is given to, as node-appwrite's `Role` writes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Role(String);

impl Role {
    /// Anyone, signed in or not.
    ///
    /// ```
    /// use appwrite_server_sdk::Role;
    ///
    /// assert_eq!(Role::any(), "any");
    /// ```
    pub fn any() -> Self {
        Role("any".to_owned())
    }

    /// The user with this ID.
    ///
    /// ```
    /// use appwrite_server_sdk::Role;
    ///
    /// assert_eq!(Role::user("abc"), "user:abc");
    /// ```
    pub fn user(id: impl AsRef<str>) -> Self {
        Role::with_status(format!("user:{}", id.as_ref()), "")
    }

    /// The user with this ID, when their status is `status` (`verified` or `unverified`); an
    /// empty status is none, as in node.
    ///
    /// ```
    /// use appwrite_server_sdk::Role;
    ///
    /// assert_eq!(Role::user_with_status("abc", "verified"), "user:abc/verified");
    /// ```
    pub fn user_with_status(id: impl AsRef<str>, status: impl AsRef<str>) -> Self {
        Role::with_status(format!("user:{}", id.as_ref()), status.as_ref())
    }

    /// Any signed-in or anonymous user.
    ///
    /// ```
    /// use appwrite_server_sdk::Role;
    ///
    /// assert_eq!(Role::users(), "users");
    /// ```
    pub fn users() -> Self {
        Role("users".to_owned())
    }

    /// Any signed-in or anonymous user whose status is `status` (`verified` or `unverified`); an
    /// empty status is none, as in node.
    ///
    /// ```
    /// use appwrite_server_sdk::Role;
    ///
    /// assert_eq!(Role::users_with_status("unverified"), "users/unverified");
    /// ```
    pub fn users_with_status(status: impl AsRef<str>) -> Self {
        Role::with_status("users".to_owned(), status.as_ref())
    }

    /// Anyone without a session.
    ///
    /// ```
    /// use appwrite_server_sdk::Role;
    ///
    /// assert_eq!(Role::guests(), "guests");
    /// ```
    pub fn guests() -> Self {
        Role("guests".to_owned())
    }

    /// Any member of the team with this ID.
    ///
    /// ```
    /// use appwrite_server_sdk::Role;
    ///
    /// assert_eq!(Role::team("t1"), "team:t1");
    /// ```
    pub fn team(id: impl AsRef<str>) -> Self {
        Role::with_status(format!("team:{}", id.as_ref()), "")
    }

    /// The members of the team with this ID who have `role` in it; an empty role is none, as in
    /// node.
    ///
    /// ```
    /// use appwrite_server_sdk::Role;
    ///
    /// assert_eq!(Role::team_with_role("t1", "owner"), "team:t1/owner");
    /// ```
    pub fn team_with_role(id: impl AsRef<str>, role: impl AsRef<str>) -> Self {
        Role::with_status(format!("team:{}", id.as_ref()), role.as_ref())
    }

    /// The team membership with this ID.
    ///
    /// ```
    /// use appwrite_server_sdk::Role;
    ///
    /// assert_eq!(Role::member("m1"), "member:m1");
    /// ```
    pub fn member(id: impl AsRef<str>) -> Self {
        Role(format!("member:{}", id.as_ref()))
    }

    /// Any user with this label.
    ///
    /// ```
    /// use appwrite_server_sdk::Role;
    ///
    /// assert_eq!(Role::label("vip"), "label:vip");
    /// ```
    pub fn label(name: impl AsRef<str>) -> Self {
        Role(format!("label:{}", name.as_ref()))
    }

    /// node's `status` / `role` suffix: `/suffix`, or nothing for an empty one.
    fn with_status(base: String, status: &str) -> Self {
        if status.is_empty() { Role(base) } else { Role(format!("{base}/{status}")) }
    }

    /// The role string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The role string, taken out.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// `Display`, `AsRef<str>`, conversion into `String`, comparison with strings and serialization
/// as a string, for both.
macro_rules! string_like {
    ($name:ident) => {
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                self.0 == *other
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }
    };
}

string_like!(Permission);
string_like!(Role);
