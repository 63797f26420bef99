//! The types of the model: abstract types ([`Type`]), the named types of the models namespace
//! ([`Model`]: structs, unions and aliases), enums ([`EnumDef`]), and the [`Warning`]s for what
//! could not be represented faithfully.
//!
//! The `schema` module decides which of these a schema becomes; the `model` module places them
//! in services, methods and parameters (and re-exports them). Both use them from here, so
//! neither depends on the other for them; this module depends on no other of the generator.

use serde_json::Value;

/// Integer formats that change the range of values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IntegerFormat {
    /// No format, `int64` or a narrower signed one.
    Signed,
    /// `int32` (kept apart for docs and diffs; holds in a signed 64-bit integer).
    Int32,
    /// `uint64` or `uint`: values above the signed 64-bit range.
    Unsigned64,
}

/// Abstract types.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Type {
    /// Text.
    String,
    /// Integer.
    Integer(IntegerFormat),
    /// Floating point (`float` and `double` alike).
    Number,
    /// `true` / `false`.
    Boolean,
    /// A list.
    Array(Box<Type>),
    /// An object whose property names are data: `additionalProperties` with a schema.
    Map(Box<Type>),
    /// A free-form JSON object (`type: object` with no properties, `additionalProperties: true`).
    Object,
    /// Any JSON value.
    Any,
    /// A named enum.
    Enum(String),
    /// A named type of the models namespace: a struct, a union or an alias.
    Model(String),
    /// A file upload (`format: binary` in a multipart body).
    File,
    /// Raw bytes (`format: binary` bodies, `application/octet-stream`).
    Bytes,
    /// `null` or a value of the inner type (array items and map values; parameters and fields
    /// carry their own `nullable` flag instead).
    Nullable(Box<Type>),
}

impl Type {
    /// The type without a top-level [`Type::Nullable`], and whether there was one.
    pub fn split_nullable(self) -> (Type, bool) {
        match self {
            Type::Nullable(inner) => (inner.split_nullable().0, true),
            other => (other, false),
        }
    }
}

/// A named type of the models namespace.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Schema key (e.g. `mfaType`), or for an inline schema a name made from where it is.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// What it is.
    pub kind: ModelKind,
    /// JSON pointer of the schema.
    pub pointer: String,
    /// Services (tags) whose methods reach this model, directly or through other models. Empty
    /// for component schemas no operation uses (and what only they reach).
    pub used_by: Vec<String>,
    /// Reachable from a method parameter: callers build values of it.
    pub input: bool,
}

/// The kinds of named types.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelKind {
    /// An object with declared properties.
    Struct {
        /// Declared properties, in order.
        fields: Vec<Field>,
        /// The type of undeclared properties when they carry data (`additionalProperties`);
        /// `None` when they are not allowed or ignored.
        additional: Option<Type>,
    },
    /// One of several types (`oneOf` / `anyOf`).
    Union(Union),
    /// Another name for a type (a component schema that is not an object, enum or union).
    Alias(Type),
}

impl Model {
    /// A struct with no declared fields whose content is free-form (e.g. `preferences`).
    pub fn is_free_form(&self) -> bool {
        matches!(&self.kind, ModelKind::Struct { fields, additional: Some(Type::Any) } if fields.is_empty())
    }

    /// The fields of a struct (none for unions and aliases).
    pub fn fields(&self) -> &[Field] {
        match &self.kind {
            ModelKind::Struct { fields, .. } => fields,
            _ => &[],
        }
    }
}

/// A model field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// JSON name, e.g. `$id`.
    pub name: String,
    /// Type.
    pub ty: Type,
    /// Whether it is always present.
    pub required: bool,
    /// Whether it may be `null`.
    pub nullable: bool,
    /// Description.
    pub description: Option<String>,
    /// Declared as `type: object` with `items: {$ref}`: Appwrite's way of embedding a model,
    /// which JSON Schema (and so any schema-driven tool) reads as an arbitrary object.
    pub embedded: bool,
    /// An example value that satisfies the field's schema.
    pub example: Option<Value>,
}

/// `oneOf` / `anyOf`.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The discriminator properties (`discriminator.propertyName`, or Appwrite's
    /// `x-propertyNames`); empty when the variants are told apart by trying them in order.
    pub discriminator: Vec<String>,
    /// The choices, in spec order.
    pub variants: Vec<Variant>,
}

/// One choice of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Its type.
    pub ty: Type,
    /// Its `title`, if any.
    pub title: Option<String>,
    /// The discriminator values that select it: each a list of (property, value) that must all
    /// match, most specific first.
    pub tags: Vec<Vec<(String, String)>>,
}

/// A named enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// `x-enum-name`, the component key, the `title`, or a name made from where it is.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Values, in spec order.
    pub values: Vec<EnumValue>,
    /// The values are integers.
    pub integer: bool,
    /// Declared open: any other string is allowed too (`anyOf` of the enum and `type: string`).
    pub open: bool,
    /// Pointer of the first schema that declared it.
    pub pointer: String,
    /// Services (tags) whose methods reach this enum, directly or through models.
    pub used_by: Vec<String>,
}

/// One enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The wire value (an integer's decimal text for integer enums).
    pub value: String,
    /// `x-enum-keys` entry or the branch's `title`, if any.
    pub key: Option<String>,
    /// The branch's description, if any.
    pub description: Option<String>,
}

/// Something the generator could not represent faithfully, and what it did instead.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// JSON pointer of the construct.
    pub pointer: String,
    /// What is not supported and the fallback used.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at {}: {}", self.pointer, self.message)
    }
}
