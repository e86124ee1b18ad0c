//! A raw HTTP server on loopback that behaves as a gateway or a hostile vendor might: each
//! connection's request is read (headers and any `Content-Length` body) and kept, and `answer`
//! decides the bytes sent back, or none. Each connection serves one request (`Connection:
//! close` is the answer's to say).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// What the server does with one request.
pub enum Answer {
    /// These bytes, then close.
    Bytes(Vec<u8>),
    /// Close without a word.
    Reset,
    /// Say nothing for this long, then close.
    Hang(Duration),
}

impl Answer {
    /// A `200 OK` with a JSON body.
    pub fn json(body: &str) -> Answer {
        Answer::status(200, "application/json", body)
    }

    /// A response with this status, content type and body, closing the connection.
    pub fn status(code: u16, content_type: &str, body: &str) -> Answer {
        Answer::Bytes(
            format!(
                "HTTP/1.1 {code} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
            .into_bytes(),
        )
    }
}

/// A running server: where it listens, how many connections arrived, what they asked.
#[derive(Clone)]
pub struct RawServer {
    pub addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<String>>>,
}

impl RawServer {
    /// Listens on `ip` (any port), answering every request with `answer(n, request)`, `n`
    /// counting from 0.
    pub fn start(
        ip: [u8; 4],
        answer: impl Fn(usize, &str) -> Answer + Send + Sync + 'static,
    ) -> RawServer {
        let listener = TcpListener::bind(SocketAddr::from((ip, 0))).unwrap();
        let server = RawServer {
            addr: listener.local_addr().unwrap(),
            connections: Arc::default(),
            requests: Arc::default(),
        };
        let (seen, asked, answer) = (
            server.connections.clone(),
            server.requests.clone(),
            Arc::new(answer),
        );
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut s) = stream else { continue };
                let n = seen.fetch_add(1, Ordering::SeqCst);
                let (asked, answer) = (asked.clone(), answer.clone());
                std::thread::spawn(move || {
                    let request = read_request(&mut s);
                    asked
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(request.clone());
                    match answer(n, &request) {
                        Answer::Bytes(b) => {
                            let _ = s.write_all(&b);
                        }
                        Answer::Reset => drop(s),
                        Answer::Hang(d) => std::thread::sleep(d),
                    }
                });
            }
        });
        server
    }

    /// `http://ADDR`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Connections so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// The requests so far, as text (lossy).
    pub fn requests(&self) -> Vec<String> {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// The request's head and its `Content-Length` body, as far as the peer sends them.
fn read_request(s: &mut TcpStream) -> String {
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = find(&buf, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if buf.len() >= end + 4 + len {
                break;
            }
        }
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    String::from_utf8_lossy(&buf).into_owned()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
