//! Reading uploaded `.zip` and `.tar.gz` archives (and plain `.tar`): the files they hold, read
//! with the `zip`, `flate2` and `tar` crates. What the files mean is the callers' business.

use std::io::{Cursor, Read};

/// One file inside an archive.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The most an archive may unpack to: configs are small, and a crafted archive must not
/// exhaust the emulator's memory.
const MAX_UNPACKED: u64 = 64 * 1024 * 1024;

pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

fn is_tar(bytes: &[u8]) -> bool {
    bytes.len() >= 512 && &bytes[257..262] == b"ustar"
}

/// Whether the bytes look like one of the archive formats the document allows.
pub fn is_archive(bytes: &[u8]) -> bool {
    is_zip(bytes) || is_gzip(bytes) || is_tar(bytes)
}

/// The regular files of an archive, in archive order (directories and links skipped).
pub fn entries(bytes: &[u8]) -> Result<Vec<Entry>, String> {
    if is_zip(bytes) {
        zip_entries(bytes)
    } else if is_gzip(bytes) {
        tar_entries(flate2::read::MultiGzDecoder::new(bytes))
    } else if is_tar(bytes) {
        tar_entries(bytes)
    } else {
        Err("the file is not a .zip or .tar.gz archive".into())
    }
}

/// Reads one entry of a `kind` archive, counting it against what is left of [`MAX_UNPACKED`].
fn read_entry(kind: &str, name: &str, r: impl Read, left: &mut u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    r.take(*left + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("the {kind} archive is damaged: {name}: {e}"))?;
    *left = left
        .checked_sub(bytes.len() as u64)
        .ok_or_else(|| format!("the archive unpacks to more than {MAX_UNPACKED} bytes"))?;
    Ok(bytes)
}

fn zip_entries(bytes: &[u8]) -> Result<Vec<Entry>, String> {
    let damaged = |e: zip::result::ZipError| format!("the zip archive is damaged: {e}");
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut left = MAX_UNPACKED;
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let file = archive.by_index(i).map_err(damaged)?;
        if !file.is_file() {
            continue;
        }
        let name = file.name().to_string();
        let bytes = read_entry("zip", &name, file, &mut left)?;
        out.push(Entry { name, bytes });
    }
    Ok(out)
}

fn tar_entries(r: impl Read) -> Result<Vec<Entry>, String> {
    let damaged = |e: std::io::Error| format!("the tar archive is damaged: {e}");
    let mut archive = tar::Archive::new(r);
    let mut left = MAX_UNPACKED;
    let mut out = Vec::new();
    for entry in archive.entries().map_err(damaged)? {
        let entry = entry.map_err(damaged)?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = entry
            .path()
            .map_err(damaged)?
            .to_string_lossy()
            .into_owned();
        let bytes = read_entry("tar", &name, entry, &mut left)?;
        out.push(Entry { name, bytes });
    }
    Ok(out)
}
