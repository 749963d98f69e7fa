// A minimal stand-in for the Kaitai Struct Rust runtime (the `kaitai` crate),
// which no package registry this project uses provides: enough of its API for
// the generated xen_pfn_word to build with rustc and for
// tests/test_target_types.py to run it on a few words. Not the runtime: it
// reads 32-bit integers from memory, and nothing else.
use std::cell::RefCell;
use std::ops::Deref;
use std::rc::{Rc, Weak};

#[derive(Debug, PartialEq, Eq, Clone)]
pub enum KError {
    Eof { requested: usize, available: usize },
    MissingParent,
    UndecidedEndianness { src_path: String },
}

pub type KResult<T> = Result<T, KError>;

/// A weak reference to a struct's root or parent, set while it is read.
#[derive(Default, Debug)]
pub struct SharedType<T>(RefCell<Weak<T>>);

impl<T> Clone for SharedType<T> {
    fn clone(&self) -> Self {
        SharedType(RefCell::new(self.0.borrow().clone()))
    }
}

impl<T> SharedType<T> {
    pub fn new(rc: Rc<T>) -> Self {
        SharedType(RefCell::new(Rc::downgrade(&rc)))
    }
    pub fn empty() -> Self {
        SharedType(RefCell::new(Weak::new()))
    }
    pub fn get(&self) -> KResult<OptRc<T>> {
        self.0.borrow().upgrade().map(OptRc::from).ok_or(KError::MissingParent)
    }
    pub fn get_value(&self) -> &RefCell<Weak<T>> {
        &self.0
    }
    pub fn set(&self, rc: KResult<OptRc<T>>) {
        *self.0.borrow_mut() = match rc {
            Ok(OptRc(Some(v))) => Rc::downgrade(&v),
            _ => Weak::new(),
        };
    }
}

/// A struct once read: a shared pointer, which may be empty.
#[derive(Debug)]
pub struct OptRc<T>(Option<Rc<T>>);

impl<T> OptRc<T> {
    pub fn get(&self) -> Rc<T> {
        self.0.as_ref().expect("an empty OptRc").clone()
    }
}

impl<T> Default for OptRc<T> {
    fn default() -> Self {
        OptRc(None)
    }
}

impl<T> Clone for OptRc<T> {
    fn clone(&self) -> Self {
        OptRc(self.0.clone())
    }
}

impl<T> From<Rc<T>> for OptRc<T> {
    fn from(rc: Rc<T>) -> Self {
        OptRc(Some(rc))
    }
}

impl<T> From<T> for OptRc<T> {
    fn from(value: T) -> Self {
        OptRc(Some(Rc::new(value)))
    }
}

impl<T> Deref for OptRc<T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.0.as_ref().expect("an empty OptRc")
    }
}

pub trait KStruct: Default {
    type Root: KStruct;
    type Parent: KStruct;
    fn read<S: KStream>(
        self_rc: &OptRc<Self>,
        _io: &S,
        _root: SharedType<Self::Root>,
        _parent: SharedType<Self::Parent>,
    ) -> KResult<()>;
}

pub trait KStream {
    fn clone(&self) -> BytesReader;
    fn read_u4le(&self) -> KResult<u32>;
    fn read_u4be(&self) -> KResult<u32>;
}

/// Octets in memory and a read position.
#[derive(Default, Debug, Clone)]
pub struct BytesReader {
    data: Rc<Vec<u8>>,
    pos: RefCell<usize>,
}

impl From<Vec<u8>> for BytesReader {
    fn from(data: Vec<u8>) -> Self {
        BytesReader { data: Rc::new(data), pos: RefCell::new(0) }
    }
}

impl BytesReader {
    fn take4(&self) -> KResult<[u8; 4]> {
        let pos = *self.pos.borrow();
        let available = self.data.len().saturating_sub(pos);
        if available < 4 {
            return Err(KError::Eof { requested: 4, available });
        }
        *self.pos.borrow_mut() = pos + 4;
        let mut out = [0u8; 4];
        out.copy_from_slice(&self.data[pos..pos + 4]);
        Ok(out)
    }
}

impl KStream for BytesReader {
    fn clone(&self) -> BytesReader {
        Clone::clone(self)
    }
    fn read_u4le(&self) -> KResult<u32> {
        Ok(u32::from_le_bytes(self.take4()?))
    }
    fn read_u4be(&self) -> KResult<u32> {
        Ok(u32::from_be_bytes(self.take4()?))
    }
}
