"""Write the smallest PVH guest kernel Xen's domain builder takes.

A PVH guest with a Linux kernel saves as an image of about the guest's RAM,
most of it the unpacked kernel: ~8 MB per image even with xz. The format does
not care what the guest runs, so this guest runs nothing: an ELF32 file with
one PT_LOAD segment at 1 MiB holding `sti; hlt; jmp` and the one ELF note
a PVH kernel needs, XEN_ELFNOTE_PHYS32_ENTRY (18; Xen's libelf: "PVH only
requires one ELF note to be set"). It halts with interrupts enabled
(halting with them disabled is taken by Xen as the vcpu going down) and no
interrupt source is programmed, so it sleeps forever at no cost to the
emulating host. libxl suspends a PVH guest without PV drivers with
xc_domain_shutdown(SHUTDOWN_suspend), so it needs no cooperation to be saved.

    python tiny_pvh.py OUT
"""

import struct
import sys

LOAD = 0x100000          # physical load address and entry point
CODE = bytes([0xFB, 0xF4, 0xEB, 0xFC])   # sti; hlt; jmp back to sti
PT_LOAD, PT_NOTE = 1, 4
XEN_ELFNOTE_PHYS32_ENTRY = 18


def tiny_pvh():
    ehsize, phentsize, phnum = 52, 32, 2
    note_off = ehsize + phentsize * phnum
    note = struct.pack("<III", 4, 4, XEN_ELFNOTE_PHYS32_ENTRY) + b"Xen\0" + struct.pack("<I", LOAD)
    code_off = 0x1000
    ident = b"\x7fELF" + bytes([1, 1, 1, 0]) + bytes(8)     # ELFCLASS32, little-endian, version 1
    ehdr = ident + struct.pack("<HHIIIIIHHHHHH", 2, 3, 1, LOAD, ehsize, 0, 0,   # ET_EXEC, EM_386
                               ehsize, phentsize, phnum, 40, 0, 0)
    ph_load = struct.pack("<IIIIIIII", PT_LOAD, code_off, LOAD, LOAD, len(CODE), 0x1000, 5, 0x1000)
    ph_note = struct.pack("<IIIIIIII", PT_NOTE, note_off, 0, 0, len(note), len(note), 4, 4)
    head = ehdr + ph_load + ph_note + note
    return head + bytes(code_off - len(head)) + CODE


if __name__ == "__main__":
    with open(sys.argv[1], "wb") as f:
        f.write(tiny_pvh())
