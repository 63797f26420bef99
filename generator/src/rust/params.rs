//! Parameters of a method: their Rust names (kept apart within the method), where and how each
//! is written into the request ([`Encode`], [`QueryEncoding`]), the parameter struct and its
//! typestate builder (field and setter types, placeholders, type arguments), the order of the
//! positional variant, and their doc examples ([`params_view`], [`param_view`]).

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::names::{DocLine, Scope, code_text, doc_lines_or, field_ident, method_ident, type_ident, unraw};
use super::typed::{is_user_data, typed_response};
use super::types::{Position, Types};
use crate::error::Result;
use crate::model::{BodyEncoding, Method, Param, ParamLocation, Style, Type};

/// How a query parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryEncoding {
    /// node-appwrite's `key[0]=…` for arrays, through the fast `QueryValue` trait.
    Indexed,
    /// node-appwrite's encoding for other types (objects as `key[name]=…`), through serde.
    IndexedJson,
    /// `form`; the flag is `explode`.
    Form(bool),
    /// `spaceDelimited` (`true`) or `pipeDelimited` (`false`).
    Delimited(bool),
    /// `deepObject`.
    Deep,
}

/// Where and how one parameter is written into the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encode {
    /// A path segment (written by the path template).
    Path,
    /// The query string.
    Query(QueryEncoding),
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
    /// A field of the JSON body; `true`: always sent (`null` when unset).
    JsonField(bool),
    /// A text field of a multipart form.
    FormField,
    /// A file of a one-request multipart form.
    FormFile,
    /// The file of a chunked upload (sent by the upload itself).
    UploadFile,
    /// A field of a url-encoded form.
    UrlEncodedField,
    /// The whole body, as JSON.
    EntireJson,
    /// The whole body, as bytes or text.
    EntireRaw,
}

/// The parameter struct of a method and its builder.
#[derive(Debug)]
pub struct ParamsView {
    /// e.g. `CreateParams`.
    pub ident: Ident,
    /// e.g. `CreateParamsBuilder`.
    pub builder: Ident,
    /// Parameters in spec order.
    pub fields: Vec<ParamView>,
    /// The positional variant's order, as node-appwrite's: indices of `fields`, the parameters
    /// the spec requires first (nullable ones too), then the others, each in spec order.
    pub positional: Vec<usize>,
    /// Typestate generic names of required parameters, in order.
    pub states: Vec<Ident>,
    /// Builder type arguments once every required parameter is set.
    pub complete: Vec<TokenStream>,
    /// True when some parameter must be set (so the params type has no `Default`).
    pub has_required: bool,
    /// True when some parameter may be left out.
    pub has_optional: bool,
    /// Doc line of the params struct.
    pub doc: DocLine,
    /// Doc line of the builder.
    pub builder_doc: DocLine,
}

impl ParamsView {
    /// Whether the builder holds the parameters struct itself (required parameters start as
    /// their placeholders; the type arguments alone record which are set), so cloning it,
    /// setting a parameter and finishing are a few moves whatever the number of parameters.
    /// False when a required parameter's type has no placeholder (an enum, a file, a model):
    /// that builder holds each required parameter in a field of its typestate type instead.
    pub fn holds_params(&self) -> bool {
        self.fields.iter().all(|f| !f.required || f.placeholder.is_some())
    }
}

/// One parameter.
#[derive(Debug)]
pub struct ParamView {
    /// Rust field name.
    pub ident: Ident,
    /// JSON / query / path / header name.
    pub wire_name: Literal,
    /// Spec name (docs).
    pub spec_name: String,
    /// Doc lines.
    pub docs: Vec<DocLine>,
    /// Must be set before the builder finishes (required and not nullable).
    pub required: bool,
    /// The spec requires it (a required nullable parameter is sent as `null` when not set).
    pub spec_required: bool,
    /// Where and how it is written.
    pub encode: Encode,
    /// Field type (wrapped in `Option` when it may be left out or `null`).
    pub field_ty: TokenStream,
    /// Argument type of the setter / positional argument.
    pub arg_ty: TokenStream,
    /// Expression turning the argument (named `ident`) into the value; `None` when it is the
    /// argument itself.
    pub convert: Option<TokenStream>,
    /// What the setter of a parameter that may be left out stores.
    pub set_expr: TokenStream,
    /// Positional argument type (`impl Optional<T>` or `Option<T>` for parameters that may be
    /// left out).
    pub positional_ty: TokenStream,
    /// The field's value, from the positional argument (`None`: the argument as it is).
    pub positional_store: Option<TokenStream>,
    /// Typestate generic name, for required parameters.
    pub state: Option<Ident>,
    /// For a required parameter: the value its builder holds until it is set (`String::new()`,
    /// `0`, `Vec::new()`…), when its type has one; never read, since the builder cannot finish
    /// before the setter replaced it.
    pub placeholder: Option<TokenStream>,
    /// Builder type arguments with this parameter unset (required only).
    pub unset_args: Vec<TokenStream>,
    /// Builder type arguments with this parameter set (required only).
    pub set_args: Vec<TokenStream>,
    /// Generic parameters of the setter impl (the other required parameters' states).
    pub other_states: Vec<Ident>,
    /// Example argument expression for the docs.
    pub example: TokenStream,
    /// The example as a positional argument.
    pub positional_example: TokenStream,
    /// The example argument of the typed variant's example, for user data (a value of the
    /// example's own type); `None` for other parameters.
    pub typed_example: Option<TokenStream>,
    /// Default value from the spec, shown in docs.
    pub default_doc: Option<DocLine>,
}

impl ParamView {
    /// The expression that turns the argument into the stored value.
    pub fn value_expr(&self) -> TokenStream {
        let ident = &self.ident;
        self.convert.clone().unwrap_or_else(|| quote!(#ident))
    }
}

/// Types written as one text value (path segments, the fast query encoding).
pub(super) fn is_scalar(ty: &Type) -> bool {
    matches!(ty, Type::String | Type::Integer(_) | Type::Number | Type::Boolean | Type::Enum(_))
}

/// Types the fast `QueryValue` encoding takes: scalars and lists of them, and JSON values.
fn is_query_value(ty: &Type) -> bool {
    match ty {
        Type::Array(inner) => is_query_value(inner),
        Type::Any | Type::Object => true,
        other => is_scalar(other),
    }
}

pub(super) fn params_view(types: &Types<'_>, service_type: &Ident, m: &Method) -> Result<ParamsView> {
    // Through `type_ident`, so that a leading digit gets its prefix (`1st` → `V1st`).
    let base = type_ident(&unraw(&method_ident(&m.name))).to_string();
    let ident = format_ident!("{base}Params");
    let builder = format_ident!("{base}ParamsBuilder");
    // Names: exact spec names first, then the rest, each scope-unique; a parameter of the same
    // name in another place gets that place's name (`gateway`, `gateway_body`).
    let mut scope = Scope::with(&["build", "builder"]);
    let mut idents: Vec<Option<Ident>> = vec![None; m.params.len()];
    for exact in [true, false] {
        for (i, p) in m.params.iter().enumerate() {
            let ident = field_ident(&p.name);
            if (unraw(&ident) == p.name) != exact {
                continue;
            }
            let ident = if scope.contains(&ident) {
                let place = match p.location {
                    ParamLocation::Path => "path",
                    ParamLocation::Query => "query",
                    ParamLocation::Header => "header",
                    ParamLocation::Cookie => "cookie",
                    ParamLocation::Body | ParamLocation::EntireBody => "body",
                };
                scope.take(format_ident!("{}_{place}", unraw(&ident)))
            } else {
                scope.take(ident)
            };
            idents[i] = Some(ident);
        }
    }
    let mut fields = Vec::with_capacity(m.params.len());
    let mut states = Scope::with(&["String", "Vec", "Option", "Box", "Result", "Into", "IntoIterator", "Some", "None"]);
    let typed = typed_response(types, m, &format_ident!("T"), &quote!(crate)).is_some();
    for (p, ident) in m.params.iter().zip(idents) {
        let ident = ident.unwrap_or_else(|| field_ident(&p.name));
        // A GraphQL request (the body Appwrite's convention adds) is not the user data its
        // answer holds: its example stays the request.
        let user_data = typed && m.body_beyond_spec.is_none() && is_user_data(p);
        fields.push(param_view(types, m, p, ident, user_data, &mut states)?);
    }
    let states: Vec<Ident> = fields.iter().filter_map(|f| f.state.clone()).collect();
    let complete: Vec<TokenStream> = fields.iter().filter(|f| f.required).map(|f| f.field_ty.clone()).collect();
    // Per required parameter: builder type arguments before and after its setter.
    let required_idx: Vec<usize> = fields.iter().enumerate().filter(|(_, f)| f.required).map(|(i, _)| i).collect();
    for (k, &i) in required_idx.iter().enumerate() {
        let unset_args: Vec<TokenStream> =
            states.iter().enumerate().map(|(j, s)| if j == k { quote!(crate::Unset) } else { quote!(#s) }).collect();
        let set_args: Vec<TokenStream> =
            states.iter().enumerate().map(|(j, s)| if j == k { complete[k].clone() } else { quote!(#s) }).collect();
        let other_states = states.iter().enumerate().filter(|(j, _)| *j != k).map(|(_, s)| s.clone()).collect();
        let f = &mut fields[i];
        f.unset_args = unset_args;
        f.set_args = set_args;
        f.other_states = other_states;
    }
    let doc = DocLine(format!(" Parameters of [`{}::{}`].", service_type, unraw(&method_ident(&m.name))));
    let builder_doc = DocLine(format!(
        " Builder of [`{ident}`]. Each required parameter must be set before the builder converts into \
         [`{ident}`] (checked at compile time); optional ones may be left out."
    ));
    let mut positional: Vec<usize> = (0..fields.len()).filter(|&i| fields[i].spec_required).collect();
    positional.extend((0..fields.len()).filter(|&i| !fields[i].spec_required));
    Ok(ParamsView {
        ident,
        builder,
        positional,
        has_required: !states.is_empty(),
        has_optional: fields.iter().any(|f| !f.required),
        doc,
        builder_doc,
        fields,
        states,
        complete,
    })
}

/// The value a builder holds for a required parameter of this type before it is set: only for
/// types whose Rust form has an obvious empty value.
fn placeholder(ty: &Type) -> Option<TokenStream> {
    match ty {
        Type::String => Some(quote!(String::new())),
        Type::Integer(_) => Some(quote!(0)),
        Type::Number => Some(quote!(0.0)),
        Type::Boolean => Some(quote!(false)),
        Type::Array(_) | Type::Bytes => Some(quote!(Vec::new())),
        _ => None,
    }
}

fn param_view(
    types: &Types<'_>,
    m: &Method,
    p: &Param,
    ident: Ident,
    user_data: bool,
    states: &mut Scope,
) -> Result<ParamView> {
    let (value_ty, (plain_arg, convert)) = match &p.ty {
        _ if !user_data => (types.value_type(&p.ty, Position::Param, None)?, types.setter(&p.ty, &ident)?),
        Type::Array(_) => (
            quote!(Vec<crate::Data>),
            (
                quote!(impl IntoIterator<Item = impl serde::Serialize>),
                Some(quote!(#ident.into_iter().map(crate::Data::new).collect())),
            ),
        ),
        _ => (quote!(crate::Data), (quote!(impl serde::Serialize), Some(quote!(crate::Data::new(#ident))))),
    };
    // A required parameter must be set, unless `null` is a value: then it is sent as `null`
    // when not set. An optional nullable one is tri-state: left out, `null`, or a value.
    let must_set = p.required && !p.nullable;
    let (field_ty, arg_ty, convert, set_expr) = if must_set {
        (value_ty.clone(), plain_arg.clone(), convert, quote!())
    } else if p.nullable {
        let arg = quote!(impl crate::Nullable<#value_ty>);
        let conv = quote!(crate::Nullable::into_option(#ident));
        if p.required {
            (quote!(Option<#value_ty>), arg, Some(conv.clone()), conv)
        } else {
            (quote!(Option<Option<#value_ty>>), arg, Some(conv.clone()), quote!(Some(#conv)))
        }
    } else {
        let stored = convert.clone().unwrap_or_else(|| quote!(#ident));
        (quote!(Option<#value_ty>), plain_arg.clone(), convert, quote!(Some(#stored)))
    };
    // The positional variant: what it takes, how the field is set from it, and an example.
    // Optional text, lists of strings, numbers, booleans and enums take `impl Optional<T>`:
    // `None`, `Some(value)`, `&Option<value>` or the value as it is (`"x"`, `[Query::limit(5)]`).
    let example = types.example(&p.ty, p.example.as_ref(), &p.name, true);
    let exact = || types.example(&p.ty, p.example.as_ref(), &p.name, false);
    let strings = Type::Array(Box::new(Type::String));
    let (positional_ty, positional_store, positional_example) = if must_set {
        (plain_arg, convert.clone(), example.clone())
    } else if p.nullable && p.required {
        let exact = exact();
        (field_ty.clone(), None, quote!(Some(#exact)))
    } else if p.nullable {
        let exact = exact();
        (field_ty.clone(), None, quote!(Some(Some(#exact))))
    } else if user_data {
        // Optional user data stays a JSON value here (`None` must have one type).
        let value = types.value_type(&p.ty, Position::Param, None)?;
        let store = match &p.ty {
            Type::Array(_) => quote!(#ident.map(|v| v.into_iter().map(crate::Data::from).collect())),
            _ => quote!(#ident.map(crate::Data::from)),
        };
        let exact = exact();
        (quote!(Option<#value>), Some(store), quote!(Some(#exact)))
    } else if is_scalar(&p.ty) || matches!(&p.ty, Type::Array(inner) if is_scalar(inner)) {
        // Text and lists of strings are shown as the value itself, the others as `Some(value)`.
        let example = if p.ty == Type::String || p.ty == strings {
            example.clone()
        } else {
            let exact = exact();
            quote!(Some(#exact))
        };
        (quote!(impl crate::Optional<#value_ty>), Some(quote!(crate::Optional::into_option(#ident))), example)
    } else {
        let exact = exact();
        (field_ty.clone(), None, quote!(Some(#exact)))
    };
    let state = must_set.then(|| {
        let s = type_ident(&p.name);
        states.take(s)
    });
    let placeholder = if must_set && !user_data { placeholder(&p.ty) } else { None };
    let encode = match p.location {
        ParamLocation::Path => Encode::Path,
        ParamLocation::Query => Encode::Query(match p.style {
            Style::Indexed if is_query_value(&p.ty) => QueryEncoding::Indexed,
            Style::Indexed => QueryEncoding::IndexedJson,
            Style::Form { explode } => QueryEncoding::Form(explode),
            Style::SpaceDelimited => QueryEncoding::Delimited(true),
            Style::PipeDelimited => QueryEncoding::Delimited(false),
            Style::DeepObject => QueryEncoding::Deep,
            Style::Simple | Style::Body => QueryEncoding::Form(true),
        }),
        ParamLocation::Header => Encode::Header,
        ParamLocation::Cookie => Encode::Cookie,
        ParamLocation::EntireBody => match m.body {
            BodyEncoding::Raw(_) => Encode::EntireRaw,
            _ => Encode::EntireJson,
        },
        ParamLocation::Body => match m.body {
            BodyEncoding::Multipart if p.ty == Type::File && m.chunked_upload => Encode::UploadFile,
            BodyEncoding::Multipart if p.ty == Type::File => Encode::FormFile,
            BodyEncoding::Multipart => Encode::FormField,
            BodyEncoding::FormUrlEncoded => Encode::UrlEncodedField,
            _ => Encode::JsonField(p.required),
        },
    };
    Ok(ParamView {
        wire_name: Literal::string(&p.name),
        spec_name: p.name.clone(),
        docs: doc_lines_or(p.description.as_deref(), || format!("The `{}` parameter.", code_text(&p.name))),
        required: must_set,
        spec_required: p.required,
        encode,
        field_ty,
        arg_ty,
        convert,
        set_expr,
        positional_ty,
        positional_store,
        state,
        placeholder,
        unset_args: Vec::new(),
        set_args: Vec::new(),
        other_states: Vec::new(),
        typed_example: user_data.then(|| match &p.ty {
            Type::Array(_) => quote!([MyData { name: "Example".to_owned() }]),
            _ => quote!(&MyData { name: "Example".to_owned() }),
        }),
        example,
        positional_example,
        default_doc: p
            .default
            .as_ref()
            .filter(|d| !d.is_null())
            .map(|d| DocLine(format!(" Server default: `{}`.", code_text(&d.to_string())))),
        ident,
    })
}
