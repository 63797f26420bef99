//! What the document says about where and how to call the API: its servers (variables replaced by
//! their defaults) and its security schemes (API keys, bearer and basic credentials).

use openapiv3::OpenAPI;

use super::{KeyLocation, SchemeKind, SecurityScheme, Server};
use crate::error::Result;
use crate::pointer::Pointer;
use crate::resolve::Resolver;

/// `servers`, variables replaced by their defaults.
pub(super) fn servers(doc: &OpenAPI) -> Vec<Server> {
    doc.servers
        .iter()
        .map(|s| {
            let mut url = s.url.clone();
            for (name, var) in s.variables.iter().flatten() {
                url = url.replace(&format!("{{{name}}}"), &var.default);
            }
            Server { url, description: s.description.clone().filter(|d| !d.trim().is_empty()) }
        })
        .collect()
}

pub(super) fn security_schemes(doc: &OpenAPI, resolver: &Resolver<'_>) -> Result<Vec<SecurityScheme>> {
    use openapiv3::{APIKeyLocation, SecurityScheme as S};
    let Some(components) = &doc.components else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let at = Pointer::root().join("components").join("securitySchemes").join(name);
        let (scheme, _) = resolver.resolve(scheme, &at)?;
        let demo = match scheme {
            S::APIKey { extensions, .. } => extensions
                .get("x-appwrite")
                .and_then(|x| x.get("demo"))
                .and_then(|d| d.as_str())
                .filter(|d| !d.trim().is_empty())
                .map(str::to_owned),
            _ => None,
        };
        let (kind, description) = match scheme {
            S::APIKey { location, name, description, .. } => {
                let location = match location {
                    APIKeyLocation::Header => KeyLocation::Header,
                    APIKeyLocation::Query => KeyLocation::Query,
                    APIKeyLocation::Cookie => KeyLocation::Cookie,
                };
                (SchemeKind::ApiKey { location, name: name.clone() }, description)
            }
            S::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("basic") => {
                (SchemeKind::Basic, description)
            }
            S::HTTP { description, .. } | S::OAuth2 { description, .. } | S::OpenIDConnect { description, .. } => {
                (SchemeKind::Bearer, description)
            }
        };
        out.push(SecurityScheme {
            name: name.clone(),
            description: description.clone().filter(|d| !d.trim().is_empty()),
            kind,
            demo,
        });
    }
    Ok(out)
}
