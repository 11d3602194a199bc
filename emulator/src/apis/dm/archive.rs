//! Reading uploaded `.zip` and `.tar.gz` archives (and plain `.tar`): the files they hold.
//! Zip entries may be stored or deflated; gzip is inflated with the small decoder below.

/// One file inside an archive.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub name: String,
    pub bytes: Vec<u8>,
}

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

/// The regular files of an archive, in archive order (directories skipped).
pub fn entries(bytes: &[u8]) -> Result<Vec<Entry>, String> {
    if is_zip(bytes) {
        zip_entries(bytes)
    } else if is_gzip(bytes) {
        tar_entries(&gunzip(bytes)?)
    } else if is_tar(bytes) {
        tar_entries(bytes)
    } else {
        Err("the file is not a .zip or .tar.gz archive".into())
    }
}

fn u16_at(b: &[u8], i: usize) -> Result<usize, String> {
    b.get(i..i + 2)
        .map(|s| u16::from_le_bytes([s[0], s[1]]) as usize)
        .ok_or_else(|| "the zip archive is truncated".to_string())
}

fn u32_at(b: &[u8], i: usize) -> Result<usize, String> {
    b.get(i..i + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize)
        .ok_or_else(|| "the zip archive is truncated".to_string())
}

fn zip_entries(b: &[u8]) -> Result<Vec<Entry>, String> {
    let eocd = (0..b.len().saturating_sub(21))
        .rev()
        .find(|&i| b[i..].starts_with(b"PK\x05\x06"))
        .ok_or("the zip archive has no central directory")?;
    let count = u16_at(b, eocd + 10)?;
    let mut at = u32_at(b, eocd + 16)?;
    let mut out = Vec::new();
    for _ in 0..count {
        if !b.get(at..).is_some_and(|s| s.starts_with(b"PK\x01\x02")) {
            return Err("the zip central directory is damaged".into());
        }
        let method = u16_at(b, at + 10)?;
        let csize = u32_at(b, at + 20)?;
        let name_len = u16_at(b, at + 28)?;
        let extra_len = u16_at(b, at + 30)?;
        let comment_len = u16_at(b, at + 32)?;
        let local = u32_at(b, at + 42)?;
        let name = String::from_utf8_lossy(
            b.get(at + 46..at + 46 + name_len)
                .ok_or("the zip archive is truncated")?,
        )
        .into_owned();
        at += 46 + name_len + extra_len + comment_len;
        if name.ends_with('/') {
            continue;
        }
        let data_at = local + 30 + u16_at(b, local + 26)? + u16_at(b, local + 28)?;
        let data = b
            .get(data_at..data_at + csize)
            .ok_or("the zip archive is truncated")?;
        let bytes = match method {
            0 => data.to_vec(),
            8 => inflate(data)?,
            m => return Err(format!("{name}: unsupported zip compression method {m}")),
        };
        out.push(Entry { name, bytes });
    }
    Ok(out)
}

fn gunzip(b: &[u8]) -> Result<Vec<u8>, String> {
    if b.len() < 18 || b[2] != 8 {
        return Err("the gzip file is damaged".into());
    }
    let flags = b[3];
    let mut at = 10;
    if flags & 4 != 0 {
        at += 2 + u16_at(b, at)?;
    }
    for bit in [8u8, 16] {
        if flags & bit != 0 {
            while b.get(at).is_some_and(|c| *c != 0) {
                at += 1;
            }
            at += 1;
        }
    }
    if flags & 2 != 0 {
        at += 2;
    }
    inflate(b.get(at..).ok_or("the gzip file is truncated")?)
}

fn tar_entries(b: &[u8]) -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    let mut at = 0;
    while at + 512 <= b.len() {
        let h = &b[at..at + 512];
        if h.iter().all(|c| *c == 0) {
            break;
        }
        let field = |r: std::ops::Range<usize>| {
            String::from_utf8_lossy(&h[r])
                .trim_end_matches('\0')
                .trim()
                .to_string()
        };
        let mut name = field(0..100);
        let prefix = field(345..500);
        if !prefix.is_empty() && &h[257..262] == b"ustar" {
            name = format!("{prefix}/{name}");
        }
        let size = usize::from_str_radix(field(124..136).trim_matches(' '), 8)
            .map_err(|_| format!("{name}: bad size in the tar header"))?;
        let kind = h[156];
        let data = b
            .get(at + 512..at + 512 + size)
            .ok_or("the tar archive is truncated")?;
        if kind == b'0' || kind == 0 {
            out.push(Entry {
                name,
                bytes: data.to_vec(),
            });
        }
        at += 512 + size.div_ceil(512) * 512;
    }
    Ok(out)
}

// ---- inflate (RFC 1951), after zlib's puff.c ----

struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    bit: u32,
    nbits: u32,
}

impl Bits<'_> {
    fn need(&mut self, n: u32) -> Result<u32, String> {
        let mut val = self.bit;
        while self.nbits < n {
            let byte = *self
                .data
                .get(self.pos)
                .ok_or("the compressed data is truncated")?;
            self.pos += 1;
            val |= (byte as u32) << self.nbits;
            self.nbits += 8;
        }
        self.bit = val >> n;
        self.nbits -= n;
        Ok(val & ((1u32 << n) - 1))
    }
}

struct Huffman {
    count: [u16; 16],
    symbol: Vec<u16>,
}

impl Huffman {
    fn new(lengths: &[u8]) -> Huffman {
        let mut count = [0u16; 16];
        for l in lengths {
            count[*l as usize] += 1;
        }
        let mut offs = [0u16; 16];
        for len in 1..15 {
            offs[len + 1] = offs[len] + count[len];
        }
        let mut symbol = vec![0u16; lengths.len()];
        for (sym, l) in lengths.iter().enumerate() {
            if *l != 0 {
                symbol[offs[*l as usize] as usize] = sym as u16;
                offs[*l as usize] += 1;
            }
        }
        Huffman { count, symbol }
    }

    fn decode(&self, bits: &mut Bits) -> Result<u16, String> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for len in 1..16 {
            code |= bits.need(1)? as i32;
            let count = self.count[len] as i32;
            if code - count < first {
                return self
                    .symbol
                    .get((index + (code - first)) as usize)
                    .copied()
                    .ok_or_else(|| "bad Huffman code".to_string());
            }
            index += count;
            first += count;
            first <<= 1;
            code <<= 1;
        }
        Err("bad Huffman code".into())
    }
}

const LBASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LEXT: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DBASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DEXT: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
const ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// Decompresses raw deflate data.
pub fn inflate(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut bits = Bits {
        data,
        pos: 0,
        bit: 0,
        nbits: 0,
    };
    let mut out = Vec::new();
    loop {
        let last = bits.need(1)?;
        match bits.need(2)? {
            0 => {
                bits.bit = 0;
                bits.nbits = 0;
                let len = u16_at(data, bits.pos)?;
                bits.pos += 4;
                let block = data
                    .get(bits.pos..bits.pos + len)
                    .ok_or("the compressed data is truncated")?;
                out.extend_from_slice(block);
                bits.pos += len;
            }
            1 => {
                let mut lengths = [0u8; 288];
                for (i, l) in lengths.iter_mut().enumerate() {
                    *l = match i {
                        0..=143 => 8,
                        144..=255 => 9,
                        256..=279 => 7,
                        _ => 8,
                    };
                }
                let lit = Huffman::new(&lengths);
                let dist = Huffman::new(&[5u8; 30]);
                codes(&mut bits, &mut out, &lit, &dist)?;
            }
            2 => {
                let nlen = bits.need(5)? as usize + 257;
                let ndist = bits.need(5)? as usize + 1;
                let ncode = bits.need(4)? as usize + 4;
                let mut lengths = [0u8; 320];
                for &o in ORDER.iter().take(ncode) {
                    lengths[o] = bits.need(3)? as u8;
                }
                let lencode = Huffman::new(&lengths[..19]);
                let mut lengths = vec![0u8; nlen + ndist];
                let mut i = 0;
                while i < nlen + ndist {
                    let sym = lencode.decode(&mut bits)?;
                    if sym < 16 {
                        lengths[i] = sym as u8;
                        i += 1;
                        continue;
                    }
                    let (value, repeat) = match sym {
                        16 => {
                            let prev = *lengths.get(i.wrapping_sub(1)).ok_or("bad code lengths")?;
                            (prev, 3 + bits.need(2)? as usize)
                        }
                        17 => (0, 3 + bits.need(3)? as usize),
                        _ => (0, 11 + bits.need(7)? as usize),
                    };
                    if i + repeat > nlen + ndist {
                        return Err("bad code lengths".into());
                    }
                    lengths[i..i + repeat].fill(value);
                    i += repeat;
                }
                let lit = Huffman::new(&lengths[..nlen]);
                let dist = Huffman::new(&lengths[nlen..]);
                codes(&mut bits, &mut out, &lit, &dist)?;
            }
            _ => return Err("bad deflate block type".into()),
        }
        if last == 1 {
            return Ok(out);
        }
    }
}

fn codes(bits: &mut Bits, out: &mut Vec<u8>, lit: &Huffman, dist: &Huffman) -> Result<(), String> {
    loop {
        let sym = lit.decode(bits)? as usize;
        if sym < 256 {
            out.push(sym as u8);
        } else if sym == 256 {
            return Ok(());
        } else {
            let s = sym - 257;
            if s >= 29 {
                return Err("bad length code".into());
            }
            let len = LBASE[s] as usize + bits.need(LEXT[s] as u32)? as usize;
            let d = dist.decode(bits)? as usize;
            if d >= 30 {
                return Err("bad distance code".into());
            }
            let back = DBASE[d] as usize + bits.need(DEXT[d] as u32)? as usize;
            if back > out.len() {
                return Err("distance too far back".into());
            }
            let start = out.len() - back;
            for k in 0..len {
                out.push(out[start + k]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn b64(s: &str) -> Vec<u8> {
        base64::engine::general_purpose::STANDARD.decode(s).unwrap()
    }

    #[test]
    fn reads_deflated_zip_and_tar_gz() {
        // zip -> patch.yml (deflated) and dir/other.yaml (stored), made with Python's zipfile.
        let zip = b64(ZIP);
        let e = entries(&zip).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].name, "patch.yml");
        assert!(String::from_utf8_lossy(&e[0].bytes).starts_with("# target: deployment-webapp\n"));
        assert_eq!(e[1].name, "dir/other.yaml");
        assert_eq!(
            String::from_utf8_lossy(&e[1].bytes),
            "# target: hot-configs\ndata:\n  A: b\n"
        );
        let tgz = b64(TGZ);
        let e = entries(&tgz).unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].name, "configs/a.yaml");
        assert_eq!(
            String::from_utf8_lossy(&e[0].bytes)
                .matches("kind: ConfigMap")
                .count(),
            40
        );
        assert!(entries(b"not an archive").is_err());
    }

    const ZIP: &str = "UEsDBBQAAAAIAAAAIVB2JXJyUgAAAGoAAAAJAAAAcGF0Y2gueW1sNck7CoAwFETRPqsYsLayy25GfUggn4cZEHdvRCzvuRPE8zBF7Oa53cWq5stWuofutsUAnOOkjT1iGSUrnil7D1BM3Cl+BbDWJiq12n8aGLGGB1BLAwQUAAAAAAAAACFQY0WF8CMAAAAjAAAADgAAAGRpci9vdGhlci55YW1sIyB0YXJnZXQ6IGhvdC1jb25maWdzCmRhdGE6CiAgQTogYgpQSwECFAMUAAAACAAAACFQdiVyclIAAABqAAAACQAAAAAAAAAAAAAAgAEAAAAAcGF0Y2gueW1sUEsBAhQDFAAAAAAAAAAhUGNFhfAjAAAAIwAAAA4AAAAAAAAAAAAAAIABeQAAAGRpci9vdGhlci55YW1sUEsFBgAAAAACAAIAcwAAAMgAAAAAAA==";
    const TGZ: &str = "H4sIAAAAAAACA+3SsQrCMBhF4cx5irxAtNXokNW5q/uPrRK0aWmj6NsbKji4Ceri+ZYbAocs2XVxHw7jXGY3aU/qK4ps7dy02eu6xfJ5ftyXxSqPKdQPnMckQ35e/Sfpw7YZxtBFby6lPoZYe7OZPkUlvW6bJLUk8dqYKG3jzVVbazUZGRkZGRkZ2cczBQAAAAAAAAAAAAB4yx0P1E0MACgAAA==";
}
