// Runs the generated Rust xen_pfn_word on the words given as arguments (16 hex
// digits each, then le or be) and prints raw, type_code, reserved, pfn and
// pfn_high of each, one line a word.
mod xen_pfn_word;

use kaitai::{BytesReader, KStruct, OptRc, SharedType};
use std::rc::Rc;
use xen_pfn_word::XenPfnWord;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let word = u64::from_str_radix(&pair[0], 16).expect("16 hex digits");
        let le = pair[1] == "le";
        let data = if le { word.to_le_bytes() } else { word.to_be_bytes() };
        let reader = BytesReader::from(data.to_vec());
        let mut w = XenPfnWord::default();
        w.set_params(le);
        let w = OptRc::from(w);
        let root: SharedType<XenPfnWord> = SharedType::new(Rc::clone(&w.get()));
        XenPfnWord::read(&w, &reader, root.clone(), root).expect("a word");
        println!("{} {} {} {} {}", *w.raw().unwrap(), *w.type_code().unwrap(),
                 *w.reserved().unwrap(), *w.pfn().unwrap(), *w.pfn_high().unwrap());
    }
}
