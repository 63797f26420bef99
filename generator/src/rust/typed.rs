//! User data of the caller's type: which responses hold user data, so that a method gets a
//! `*_as::<T>` variant ([`typed_response`]), and which parameters carry user data, so that their
//! setter takes any `impl Serialize` ([`is_user_data`]).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::names::DocLine;
use super::types::Types;
use crate::model::{Method, Param, ParamLocation, Response, Type};

/// The variant of a method whose user data (a row's columns, a user's preferences) is the
/// caller's type `T`: `get_row_as::<Song>(…)` returns `Row<Song>`.
#[derive(Debug)]
pub struct TypedView {
    /// e.g. `get_row_as`.
    pub ident: Ident,
    /// The return type, with `T`.
    pub response_ty: TokenStream,
    /// The return type in the example, with `MyData`.
    pub example_ty: TokenStream,
    /// Doc line pointing back to the untyped method.
    pub doc: DocLine,
}

/// The type of a method's response with its user data of the caller's type `T`, when it has user
/// data (a row, a list of documents, a user and its preferences).
/// `param` names the type and `root` the crate (`crate`, or its name in examples).
pub(super) fn typed_response(types: &Types<'_>, m: &Method, param: &Ident, root: &TokenStream) -> Option<TokenStream> {
    if m.chunked_upload {
        return None;
    }
    match &m.response {
        Response::Json(ty) => types.typed_response(ty, param, root),
        Response::OptionalJson(ty) => types.typed_response(ty, param, root).map(|ty| quote!(Option<#ty>)),
        _ => None,
    }
}

/// Whether a parameter of a method whose response holds user data carries user data itself: a
/// free-form JSON object in the body, or a list of them (a row's `data`, a user's `prefs`, the
/// `rows` of a batch). Its setter takes any `impl Serialize`.
pub(super) fn is_user_data(p: &Param) -> bool {
    let free_form = |ty: &Type| *ty == Type::Object;
    let in_body = p.location == ParamLocation::Body;
    in_body && !p.nullable && (free_form(&p.ty) || matches!(&p.ty, Type::Array(inner) if free_form(inner)))
}
