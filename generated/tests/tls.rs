//! TLS with whichever backend the crate's features choose (`rustls-ring` by default,
//! `rustls-aws-lc`, `native-tls`), against a local TLS server with a self-signed certificate
//! (`fixtures/tls/`, made with `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1
//! -nodes -days 36500 -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1`):
//! the certificate is refused unless `self_signed(true)`, the client offers HTTP/2 and HTTP/1.1
//! (ALPN) as reqwest's own TLS setup does, and failures are `TransportError`s that do not need
//! the HTTP client's types to inspect. Without a TLS feature, an `https://` endpoint is refused
//! by `build`.
//!
//! `cargo xtask test` runs this file once per backend and once without TLS.
#![cfg(feature = "account")]

use appwrite_server_sdk::{Client, Error};

#[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc", feature = "native-tls"))]
mod with_tls {
    use std::sync::{Arc, Mutex};

    use appwrite_server_sdk::{Client, Error, TransportErrorKind};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio_rustls::rustls;
    use tokio_rustls::rustls::pki_types::pem::PemObject;
    use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

    const CERT: &[u8] = include_bytes!("fixtures/tls/cert.pem");
    const KEY: &[u8] = include_bytes!("fixtures/tls/key.pem");

    /// What the server saw of one connection: the ALPN protocols the client offered, and the
    /// request's first line (when the handshake succeeded).
    #[derive(Debug, Default, Clone)]
    struct Seen {
        alpn: Vec<String>,
        request_line: Option<String>,
    }

    /// A TLS server on 127.0.0.1 that answers every request with 204 over HTTP/1.1; its address
    /// and what it saw, one entry per connection.
    async fn tls_server() -> (std::net::SocketAddr, Arc<Mutex<Vec<Seen>>>) {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![CertificateDer::from_pem_slice(CERT).unwrap()],
                PrivateKeyDer::from_pem_slice(KEY).unwrap(),
            )
            .unwrap();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        let config = Arc::new(config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let (config, log) = (config.clone(), log.clone());
                tokio::spawn(async move {
                    let acceptor = rustls::server::Acceptor::default();
                    let Ok(start) = tokio_rustls::LazyConfigAcceptor::new(acceptor, tcp).await else { return };
                    let alpn = start
                        .client_hello()
                        .alpn()
                        .map(|protocols| protocols.map(|p| String::from_utf8_lossy(p).into_owned()).collect())
                        .unwrap_or_default();
                    let index = {
                        let mut log = log.lock().unwrap();
                        log.push(Seen { alpn, request_line: None });
                        log.len() - 1
                    };
                    let Ok(mut tls) = start.into_stream(config).await else { return };
                    let mut buf = vec![0u8; 8192];
                    let Ok(n) = tls.read(&mut buf).await else { return };
                    let request = String::from_utf8_lossy(&buf[..n]).into_owned();
                    log.lock().unwrap()[index].request_line = request.lines().next().map(str::to_owned);
                    let _ = tls.write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n").await;
                    let _ = tls.shutdown().await;
                });
            }
        });
        (addr, seen)
    }

    fn client(addr: std::net::SocketAddr, self_signed: bool) -> Client {
        Client::builder()
            .endpoint(format!("https://localhost:{}/v1", addr.port()))
            .project("p")
            .self_signed(self_signed)
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn self_signed_certificate_is_accepted_when_asked() {
        let (addr, seen) = tls_server().await;
        client(addr, true).account().delete_sessions().await.unwrap();
        let seen = seen.lock().unwrap().clone();
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert_eq!(seen[0].request_line.as_deref(), Some("DELETE /v1/account/sessions HTTP/1.1"));
        assert_eq!(seen[0].alpn, ["h2", "http/1.1"], "ALPN offered by the client");
    }

    #[tokio::test]
    async fn self_signed_certificate_is_refused_by_default() {
        let (addr, seen) = tls_server().await;
        let error = client(addr, false).account().delete_sessions().await.unwrap_err();
        let Error::Transport(transport) = &error else { panic!("expected Error::Transport, got {error:?}") };
        assert_eq!(transport.kind(), TransportErrorKind::Connect, "{error:?}");
        assert!(!error.is_timeout());
        assert_eq!(error.status(), None);
        // The cause names the certificate (rustls: `invalid peer certificate: UnknownIssuer`,
        // OpenSSL: `certificate verify failed`), found through `source` alone.
        let mut chain = vec![error.to_string()];
        let mut cause = std::error::Error::source(&error);
        while let Some(e) = cause {
            chain.push(e.to_string());
            cause = e.source();
        }
        assert!(chain.len() > 1, "{chain:?}");
        assert!(chain[1..].iter().any(|m| m.to_lowercase().contains("certificate")), "{chain:?}");
        // The error's own text is not repeated by its first cause.
        assert!(!chain[0].ends_with(&chain[1]), "{chain:?}");
        assert!(seen.lock().unwrap().iter().all(|s| s.request_line.is_none()), "no request over a refused TLS");
    }
}

/// Without a TLS backend, an `https://` endpoint is refused when the client is built, with the
/// features to enable; `http://` still works.
#[cfg(not(any(feature = "rustls-ring", feature = "rustls-aws-lc", feature = "native-tls")))]
#[test]
fn https_without_a_tls_feature_is_a_config_error() {
    match Client::builder().endpoint("https://cloud.appwrite.io/v1").build() {
        Err(Error::Config(message)) => {
            for feature in ["rustls-ring", "rustls-aws-lc", "native-tls"] {
                assert!(message.contains(feature), "{message}");
            }
        }
        other => panic!("expected Error::Config, got {other:?}"),
    }
    assert!(Client::builder().endpoint("http://localhost/v1").build().is_ok());
}

/// With a TLS backend, an `https://` endpoint builds.
#[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc", feature = "native-tls"))]
#[test]
fn https_endpoint_builds() {
    let client: Result<Client, Error> = Client::builder().endpoint("https://cloud.appwrite.io/v1").build();
    assert!(client.is_ok(), "{client:?}");
}
