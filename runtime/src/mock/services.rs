//! Stand-in for the generated `src/mock/services.rs`, which has one expectations type per
//! service (`AccountMock`, returned by `Mock::account()`), with one method per service method.
