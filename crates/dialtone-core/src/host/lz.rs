//! LZ-string's `compressToBase64` / `decompressFromBase64`, byte-compatible with the npm package
//! `lz-string` 1.5.0 (specs/host-protocol.md §4.4), written from the format's description.
//!
//! The codec works on UTF-16 code units. Compression is LZW with a dictionary that starts with
//! the codes 0 (next is an 8-bit literal), 1 (16-bit literal) and 2 (end of stream); literals are
//! added the first time they are seen, phrases `w + c` after each emitted code, and the code width
//! grows by one bit whenever the dictionary fills the current width. Bits go out least
//! significant first into 6-bit groups, each written as one base64 alphabet character, and the
//! text is padded with `=` to a multiple of four. It is not base64 of bytes.
//!
//! Two details keep the output identical to the library's:
//! - The phrase dictionary is a trie of `(code of w, c)`, equivalent to the library's string-keyed
//!   object, except that a plain JS object cannot hold the key `__proto__`: the library never
//!   finds that phrase, so neither do we.
//! - The library maps a character outside the alphabet to 0 bits and returns `""` for a truncated
//!   stream. Here both are errors ([`LzError`]), as is output over a caller-given bound or a
//!   result that is not valid UTF-16.

use std::collections::{HashMap, HashSet};
use std::fmt;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BITS_PER_CHAR: u32 = 6;

/// Why a compressed string could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LzError {
    /// A character outside `A–Z a–z 0–9 + / =`.
    BadCharacter,
    /// The stream ends before its end marker, or refers to a code not yet defined.
    Corrupt,
    /// The output would exceed the caller's limit (UTF-16 units).
    TooLong,
    /// The output is not valid UTF-16 (a lone surrogate).
    NotUtf16,
}

impl fmt::Display for LzError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LzError::BadCharacter => "a character outside the LZ-string base64 alphabet",
            LzError::Corrupt => "a corrupt LZ-string stream",
            LzError::TooLong => "the decompressed text is too long",
            LzError::NotUtf16 => "the decompressed text is not valid UTF-16",
        })
    }
}

impl std::error::Error for LzError {}

struct BitWriter {
    out: String,
    value: u32,
    position: u32,
}

impl BitWriter {
    fn bit(&mut self, bit: u32) {
        self.value = (self.value << 1) | bit;
        if self.position == BITS_PER_CHAR - 1 {
            self.position = 0;
            self.out.push(ALPHABET[self.value as usize] as char);
            self.value = 0;
        } else {
            self.position += 1;
        }
    }

    /// `count` bits of `value`, least significant first.
    fn bits(&mut self, mut value: u32, count: u32) {
        for _ in 0..count {
            self.bit(value & 1);
            value >>= 1;
        }
    }

    fn finish(mut self) -> String {
        loop {
            self.value <<= 1;
            if self.position == BITS_PER_CHAR - 1 {
                self.out.push(ALPHABET[self.value as usize] as char);
                break;
            }
            self.position += 1;
        }
        let padding = (4 - self.out.len() % 4) % 4;
        self.out.extend(std::iter::repeat_n('=', padding));
        self.out
    }
}

/// The phrase `__proto__`, which the library's dictionary object cannot store.
const PROTO: [u16; 9] = [95, 95, 112, 114, 111, 116, 111, 95, 95];

struct Compressor {
    writer: BitWriter,
    /// Code of each single unit seen so far.
    literals: HashMap<u16, u32>,
    /// Literals given a code but not yet written out as a literal.
    to_create: HashSet<u16>,
    /// Code of phrase `w + c`, by (code of w, c).
    phrases: HashMap<(u32, u16), u32>,
    dict_size: u32,
    num_bits: u32,
    enlarge_in: u32,
}

impl Compressor {
    fn count_down(&mut self) {
        self.enlarge_in -= 1;
        if self.enlarge_in == 0 {
            self.enlarge_in = 1 << self.num_bits;
            self.num_bits += 1;
        }
    }

    /// Writes the code for `w` (a phrase code, or a single unit first met as a literal).
    fn emit(&mut self, code: u32, single: Option<u16>) {
        if let Some(unit) = single.filter(|u| self.to_create.contains(u)) {
            if unit < 256 {
                self.writer.bits(0, self.num_bits);
                self.writer.bits(u32::from(unit), 8);
            } else {
                self.writer.bits(1, self.num_bits);
                self.writer.bits(u32::from(unit), 16);
            }
            self.count_down();
            self.to_create.remove(&unit);
        } else {
            self.writer.bits(code, self.num_bits);
        }
        self.count_down();
    }
}

/// `LZString.compressToBase64(text)`, for the UTF-16 units of `text`.
pub fn compress_to_base64(text: &str) -> String {
    compress_units(&text.encode_utf16().collect::<Vec<u16>>())
}

/// `compressToBase64` of raw UTF-16 units (lone surrogates included, as JS strings allow).
pub fn compress_units(units: &[u16]) -> String {
    let mut c = Compressor {
        writer: BitWriter {
            out: String::new(),
            value: 0,
            position: 0,
        },
        literals: HashMap::new(),
        to_create: HashSet::new(),
        phrases: HashMap::new(),
        dict_size: 3,
        num_bits: 2,
        enlarge_in: 2,
    };
    // The current phrase `w`: its code, its length, and its unit when it is one unit long.
    let mut w: Option<(u32, usize, Option<u16>)> = None;
    for (index, &unit) in units.iter().enumerate() {
        let unit_code = match c.literals.get(&unit) {
            Some(&code) => code,
            None => {
                let code = c.dict_size;
                c.dict_size += 1;
                c.literals.insert(unit, code);
                c.to_create.insert(unit);
                code
            }
        };
        let Some((w_code, w_len, w_single)) = w else {
            w = Some((unit_code, 1, Some(unit)));
            continue;
        };
        if let Some(&wc_code) = c.phrases.get(&(w_code, unit)) {
            w = Some((wc_code, w_len + 1, None));
            continue;
        }
        c.emit(w_code, w_single);
        let wc_code = c.dict_size;
        c.dict_size += 1;
        let wc_len = w_len + 1;
        let is_proto = wc_len == PROTO.len() && units[index + 1 - wc_len..=index] == PROTO;
        if !is_proto {
            c.phrases.insert((w_code, unit), wc_code);
        }
        w = Some((unit_code, 1, Some(unit)));
    }
    if let Some((w_code, _, w_single)) = w {
        c.emit(w_code, w_single);
    }
    let num_bits = c.num_bits;
    c.writer.bits(2, num_bits);
    c.writer.finish()
}

struct BitReader<'a> {
    chars: &'a [u8],
    index: usize,
    value: u32,
    position: u32,
}

impl BitReader<'_> {
    fn bits(&mut self, count: u32) -> Result<u32, LzError> {
        let mut result = 0;
        for power in 0..count {
            if self.position == 0 {
                let Some(&c) = self.chars.get(self.index) else {
                    return Err(LzError::Corrupt);
                };
                self.index += 1;
                self.value = alphabet_value(c).ok_or(LzError::BadCharacter)?;
                self.position = 1 << (BITS_PER_CHAR - 1);
            }
            if self.value & self.position != 0 {
                result |= 1 << power;
            }
            self.position >>= 1;
        }
        Ok(result)
    }
}

fn alphabet_value(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        // Padding carries no bits.
        b'=' => Some(0),
        _ => None,
    }
}

/// `LZString.decompressFromBase64(text)`, refusing output over `max_units` UTF-16 units.
pub fn decompress_from_base64(text: &str, max_units: usize) -> Result<String, LzError> {
    let units = decompress_units(text, max_units)?;
    String::from_utf16(&units).map_err(|_| LzError::NotUtf16)
}

/// The UTF-16 units `decompressFromBase64` yields (lone surrogates possible).
pub fn decompress_units(text: &str, max_units: usize) -> Result<Vec<u16>, LzError> {
    if text.is_empty() {
        // The library returns null here: there is no stream at all.
        return Err(LzError::Corrupt);
    }
    let mut reader = BitReader {
        chars: text.as_bytes(),
        index: 0,
        value: 0,
        position: 0,
    };
    // Codes 0..=2 are the markers; entries start at 3.
    let mut dictionary: Vec<Vec<u16>> = vec![Vec::new(), Vec::new(), Vec::new()];
    let mut num_bits = 3;
    let mut enlarge_in: u32 = 4;
    let mut result: Vec<u16> = Vec::new();
    let literal = |reader: &mut BitReader, marker: u32| -> Result<Option<u16>, LzError> {
        match marker {
            0 => Ok(Some(reader.bits(8)? as u16)),
            1 => Ok(Some(reader.bits(16)? as u16)),
            2 => Ok(None),
            _ => Err(LzError::Corrupt),
        }
    };
    let first = reader.bits(2)?;
    let Some(unit) = literal(&mut reader, first)? else {
        return Ok(Vec::new());
    };
    dictionary.push(vec![unit]);
    let mut w = vec![unit];
    result.push(unit);
    loop {
        let mut code = reader.bits(num_bits)? as usize;
        if code <= 2 {
            let Some(unit) = literal(&mut reader, code as u32)? else {
                return Ok(result);
            };
            dictionary.push(vec![unit]);
            code = dictionary.len() - 1;
            enlarge_in -= 1;
            if enlarge_in == 0 {
                enlarge_in = 1 << num_bits;
                num_bits += 1;
            }
        }
        let entry = if let Some(entry) = dictionary.get(code) {
            entry.clone()
        } else if code == dictionary.len() {
            let mut entry = w.clone();
            entry.push(w[0]);
            entry
        } else {
            return Err(LzError::Corrupt);
        };
        if result.len() + entry.len() > max_units {
            return Err(LzError::TooLong);
        }
        result.extend_from_slice(&entry);
        let mut phrase = w;
        phrase.push(entry[0]);
        dictionary.push(phrase);
        enlarge_in -= 1;
        if enlarge_in == 0 {
            enlarge_in = 1 << num_bits;
            num_bits += 1;
        }
        w = entry;
        if num_bits > 32 {
            return Err(LzError::Corrupt);
        }
    }
}
