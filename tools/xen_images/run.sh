#!/bin/bash
# Make images written by Xen itself, on a machine without hardware
# virtualisation: Debian 12's Xen 4.17 and Linux 6.1 boot under QEMU/TCG, and a
# script as dom0's /init drives Debian's own xl.
#
#   tools/xen_images/run.sh images            -> build/xen-images/*.xsi, index.yaml
#   tools/xen_images/run.sh oracle DIR...      -> build/xen-images/oracle.yaml
#
# The oracle boots the same dom0 and runs `xl restore -p` on every *.xsi under
# the given directories (wrapped into xl save files where they are bare libxl
# or libxc streams, see wrap.py), to learn which ones Xen 4.17's restorer takes.
#
# Everything comes from Debian's archive through apt: nothing is built from
# source and nothing from here is committed except the images Xen writes.
set -euo pipefail
{   # read the whole script before running it: editing it during a run is then harmless

MODE=${1:?usage: run.sh images | run.sh oracle DIR...}
shift || true
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
OUT=${XEN_IMAGES_OUT:-$TOP/build/xen-images}
PY=${PYTHON:-$TOP/.venv/bin/python}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-1500}   # seconds; a hung boot must never block
# Guest memory in MiB. Debian's kernel unpacks to 0x3a00 pages (58 MiB), and
# the domain builder wants that below its memory minus 4 MiB: at 64 MiB it
# refuses ("segment kernel too large").
PV_MEM=${PV_MEM:-96}
PVH_MEM=${PVH_MEM:-96}
HVM_MEM=${HVM_MEM:-32}
JOBS=${JOBS:-pv,pvh,hvm}   # the guests the images job makes
JOBS=${JOBS//,/+}          # a comma would end the multiboot module's command line
XEN_VERSION=4.17

# The Debian packages the emulated machine runs. The shared libraries are the
# Depends closure of xen-utils-4.17 (apt-cache depends --recurse), so dom0's
# userspace comes entirely from these packages and not from the host.
KERNEL_PKG=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/.*Depends: \(linux-image-[0-9].*\)/\1/p' | head -n 1)
DEBS="xen-hypervisor-$XEN_VERSION-amd64 xen-utils-$XEN_VERSION xen-utils-common xenstore-utils
  ${KERNEL_PKG:-linux-image-amd64} busybox-static
  libxenmisc$XEN_VERSION libxencall1 libxendevicemodel1 libxenevtchn1 libxenforeignmemory1
  libxengnttab1 libxenhypfs1 libxenstore4 libxentoolcore1 libxentoollog1 libyajl2
  libc6 libgcc-s1 gcc-12-base libext2fs2 liblzma5 libncurses6 libtinfo6 libuuid1 libzstd1 zlib1g"
# An HVM guest needs a device model in dom0: Debian's qemu-system-xen
# (/usr/libexec/xen-qemu-system-i386), SeaBIOS, and their library closure
# (apt-cache depends --recurse qemu-system-xen, minus what is above).
# XEN_HVM=0 leaves them out (and the HVM guest with them).
XEN_HVM=${XEN_HVM:-1}
HVM_DEBS="qemu-system-xen qemu-system-data seabios ipxe-qemu libfdt1 libglib2.0-0 libjpeg62-turbo
  libpixman-1-0 libspice-server1 libusb-1.0-0 libblkid1 libbz2-1.0 libcap2 libdb5.3 libdw1 libelf1
  libffi8 libgstreamer-plugins-base1.0-0 libgstreamer1.0-0 liblz4-1 libmount1 libopus0 liborc-0.4-0
  libpcre2-8-0 libsasl2-2 libsasl2-modules-db libselinux1 libssl3 libstdc++6 libudev1 libunwind8"
[ "$XEN_HVM" = 1 ] && DEBS="$DEBS $HVM_DEBS"
HOST_TOOLS="qemu-system-x86:qemu-system-x86_64 cpio:cpio busybox-static:busybox xz-utils:xz"

say() { echo "xen-images: $*" >&2; }
die() { say "FAILED: $*"; exit 1; }

# --- 1. host tools ------------------------------------------------------------
missing=""
for t in $HOST_TOOLS; do
    command -v "${t#*:}" >/dev/null || missing="$missing ${t%%:*}"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then
        say "installing host tools:$missing"
        apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >/dev/null \
            || die "apt-get install$missing"
    else
        die "missing host packages:$missing (run as root, or: sudo apt-get install$missing)"
    fi
fi
[ -x "$PY" ] || die "no $PY: run 'make .venv/bin/xsif' first (or set PYTHON=)"
[ -n "$KERNEL_PKG" ] || die "apt-cache knows no linux-image-amd64: is the Debian 12 archive in sources.list and 'apt-get update' done?"

# --- 2. the Debian packages ------------------------------------------------------
mkdir -p "$OUT/debs"
need=""
for p in $DEBS; do
    ls "$OUT/debs/${p}_"*.deb >/dev/null 2>&1 || need="$need $p"
done
if [ -n "$need" ]; then
    say "apt-get download$need"
    (cd "$OUT/debs" && apt-get download $need 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2) \
        || die "apt-get download$need (is 'apt-get update' done?)"
fi
XEN_DEB=$(ls "$OUT/debs/xen-hypervisor-$XEN_VERSION-amd64_"*.deb | head -n 1)
XEN_BUILD=$(dpkg-deb -f "$XEN_DEB" Version)
say "Xen package version $XEN_BUILD, kernel $KERNEL_PKG"

# --- 3. unpack -------------------------------------------------------------------
ROOT=$OUT/root
if [ ! -f "$ROOT/.done" ] || [ "$OUT/debs" -nt "$ROOT/.done" ]; then
    say "unpacking the packages into $ROOT"
    rm -rf "$ROOT" && mkdir -p "$ROOT"
    for d in "$OUT"/debs/*.deb; do dpkg-deb -x "$d" "$ROOT"; done
    touch "$ROOT/.done"
fi
KVER=$(ls "$ROOT/lib/modules" | head -n 1)
VMLINUZ=$ROOT/boot/vmlinuz-$KVER
XEN_GZ=$ROOT/boot/xen-$XEN_VERSION-amd64.gz
[ -f "$VMLINUZ" ] && [ -f "$XEN_GZ" ] || die "no kernel or hypervisor in the unpacked packages"
WORK=$OUT/work
rm -rf "$WORK" && mkdir -p "$WORK"
gunzip -c "$XEN_GZ" >"$WORK/xen"   # QEMU's multiboot loader wants the plain ELF

# busybox_tree DIR: a static busybox with one symlink per applet.
busybox_tree() {
    mkdir -p "$1/bin" "$1/sbin" "$1/usr/bin" "$1/usr/sbin"
    cp "$ROOT/bin/busybox" "$1/bin/busybox"
    for a in $("$ROOT/bin/busybox" --list-full); do
        [ -e "$1/$a" ] || ln -s /bin/busybox "$1/$a"
    done
}

# --- 4. the guests' initramfs: busybox and guest-init.sh ---------------------------
G=$WORK/guest-root
mkdir -p "$G/proc" "$G/dev"
busybox_tree "$G"
install -m 755 "$HERE/guest-init.sh" "$G/init"
(cd "$G" && find . | cpio -o -H newc --quiet | gzip -9) >"$WORK/guest-initrd.gz"

# --- 5. dom0's initramfs: the packages' userspace, busybox, the job -----------------
D=$WORK/dom0-root
mkdir -p "$D"
(cd "$ROOT" && tar cf - --exclude=./boot --exclude=./lib/modules --exclude=./usr/share/doc \
    --exclude=./usr/share/man --exclude=./usr/share/locale --exclude=./usr/share/lintian \
    --exclude=./usr/share/gtk-doc --exclude=./usr/share/info \
    --exclude=./usr/lib/xen-$XEN_VERSION/lib/python --exclude=./.done .) | (cd "$D" && tar xf -)
busybox_tree "$D"
mkdir -p "$D/lib/modules/$KVER" "$D/proc" "$D/sys" "$D/dev" "$D/guest" "$D/in"
for m in virtio virtio_ring virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_blk \
         xenfs xen-evtchn xen-privcmd xen-gntdev xen-gntalloc; do
    find "$ROOT/lib/modules/$KVER" -name "$m.ko" -exec cp {} "$D/lib/modules/$KVER/" \;
done
cp "$VMLINUZ" "$D/guest/vmlinuz"
cp "$WORK/guest-initrd.gz" "$D/guest/initrd.gz"
install -m 755 "$HERE/dom0-init.sh" "$D/init"
case $MODE in
    images) install -m 644 "$HERE/job-images.sh" "$D/job.sh" ;;
    oracle) install -m 644 "$HERE/job-oracle.sh" "$D/job.sh" ;;
    *) die "unknown mode $MODE" ;;
esac
(cd "$D" && find . | cpio -o -H newc --quiet | gzip -1) >"$WORK/dom0-initrd.gz"
say "dom0 initramfs $(du -h "$WORK/dom0-initrd.gz" | cut -f1)"

# --- 6. disks: vda receives /out as a tar; vdb (oracle) carries the inputs ----------
truncate -s 0 "$WORK/out.img" && truncate -s 4G "$WORK/out.img"
DRIVES=(-drive "file=$WORK/out.img,format=raw,if=virtio")
if [ "$MODE" = oracle ]; then
    [ $# -gt 0 ] || die "oracle: name the directories whose *.xsi files to restore"
    mkdir -p "$WORK/in"
    "$PY" "$HERE/wrap.py" --templates "$OUT" --manifest "$TOP/conformance/manifest.yaml" \
        --only "${ORACLE_ONLY:-}" --out "$WORK/in" "$@" \
        || die "wrap.py (the oracle takes its guest configurations from build/xen-images/pv-save.xsi and pvh-save.xsi: run 'make xen-images' first)"
    (cd "$WORK/in" && tar cf "$WORK/in.tar" .)
    DRIVES+=(-drive "file=$WORK/in.tar,format=raw,if=virtio,readonly=on")
fi

# --- 7. boot Xen under QEMU/TCG ---------------------------------------------------
# +svm,+npt: Debian's Xen has no shadow paging, so PVH and HVM guests need
# HAP, which TCG offers as AMD's nested paging. KVM here dies on a CET
# instruction and -cpu max crashes dom0 (both measured; see docs/xen-images.md).
# Parameters the kernel does not know (PV_MEM=...) reach /init as environment.
LOG=$OUT/qemu-$MODE.log
say "booting Xen in QEMU/TCG (timeout $QEMU_TIMEOUT s); console in $LOG"
start=$(date +%s)
set +e
timeout "$QEMU_TIMEOUT" qemu-system-x86_64 -accel tcg -cpu qemu64,+svm,+npt -m 4096 -smp 2 \
    -nographic -no-reboot -monitor none -serial stdio \
    -kernel "$WORK/xen" \
    -append "console=com1 com1=115200,8n1 dom0_mem=2048M,max:2048M" \
    -initrd "$VMLINUZ console=hvc0 earlyprintk=xen loglevel=4 PV_MEM=$PV_MEM PVH_MEM=$PVH_MEM HVM_MEM=$HVM_MEM JOBS=$JOBS,$WORK/dom0-initrd.gz" \
    "${DRIVES[@]}" </dev/null >"$LOG" 2>&1
rc=$?
set -e
say "QEMU exited $rc after $(( $(date +%s) - start )) s"
[ $rc -ne 0 ] && [ $rc -ne 124 ] && say "QEMU failed: see $LOG"
[ $rc -eq 124 ] && say "QEMU timed out after $QEMU_TIMEOUT s: see the end of $LOG"

# --- 8. results -----------------------------------------------------------------------
RES=$WORK/result
mkdir -p "$RES"
tar xf "$WORK/out.img" -C "$RES" 2>/dev/null && [ -d "$RES/log" ] \
    || die "no results on the output disk: dom0 did not finish (see the end of $LOG)"
case $MODE in
    images)
        rm -rf "$OUT/log" && mv "$RES/log" "$OUT/log"
        mv "$RES"/*.xsi "$OUT/" 2>/dev/null || say "no image was written (see $OUT/log/job.log)"
        cp "$RES/runs.tsv" "$RES/xl-info.txt" "$OUT/"
        "$PY" "$HERE/index.py" images --dir "$OUT" --xen-build "$XEN_BUILD" --seconds "$(( $(date +%s) - start ))"
        ;;
    oracle)
        rm -rf "$OUT/oracle-log" && mv "$RES" "$OUT/oracle-log"
        "$PY" "$HERE/index.py" oracle --dir "$OUT" --xen-build "$XEN_BUILD" --inputs "$WORK/in"
        ;;
esac
exit
}
