#!/bin/sh
# The images job, run by dom0's /init: boot a PV and a PVH guest and let
# Debian's own xl write every kind of image the issue asks for. Each image's
# facts go to /out/runs.tsv (file, guest kind, command, exit code); what xl
# printed goes to /out/log/<file>.out. The host turns these into index.yaml.
PV_MEM=${PV_MEM:-96}      # 64 fails for the Debian kernel: "segment kernel too large"
PVH_MEM=${PVH_MEM:-96}
BOOT_WAIT=${BOOT_WAIT:-400}
JOBS=${JOBS:-pv+pvh+hvm}   # which guests (run.sh passes JOBS=pv+pvh+hvm on the command line)
want() { case "+$JOBS+" in *"+$1+"*) return 0;; esac; return 1; }

xl info >/out/xl-info.txt 2>&1
xl info | sed -n 's/^\(xen_version\|xen_extra\|xen_changeset\|xen_caps\|cc_compiler\)[ \t]*: /\1: /p'

printf 'file\tkind\tcommand\trc\n' >/out/runs.tsv

# run FILE KIND COMMAND: run COMMAND under sh, log its output and exit code.
run() {
    file=$1 kind=$2 cmd=$3
    echo "xsif-job: $cmd"
    start=$(date +%s)
    sh -c "$cmd" >"/out/log/$file.out" 2>&1
    rc=$?
    echo "xsif-job: exit $rc after $(( $(date +%s) - start )) s"
    sed 's/^/    | /' "/out/log/$file.out" | tail -n 20
    printf '%s\t%s\t%s\t%s\n' "$file" "$kind" "$cmd" "$rc" >>/out/runs.tsv
    xl list
    return $rc
}

# wait_up NAME N: wait until guest NAME's console shows its N-th "up" line.
wait_up() {
    log=/var/log/xen/console/guest-$1.log
    i=0
    while [ "$(grep -c 'xsif-guest: up' "$log" 2>/dev/null)" -lt "$2" ]; do
        i=$((i + 5)); sleep 5
        if [ $i -ge "$BOOT_WAIT" ]; then
            echo "xsif-job: guest $1 did not come up in $BOOT_WAIT s; its console:"
            tail -n 30 "$log"
            return 1
        fi
    done
    echo "xsif-job: guest $1 up after about $i s"
    sleep 5   # let it settle into its idle loop
}

mkcfg() {  # mkcfg NAME TYPE MEMORY: Debian's kernel, the busybox initramfs, no disk, no vif
    cat >/cfg/$1.cfg <<CFG
name = "$1"
type = "$2"
kernel = "/guest/vmlinuz"
ramdisk = "/guest/initrd.gz"
extra = "console=hvc0 quiet"
memory = $3
maxmem = $3
vcpus = 1
on_crash = "preserve"
CFG
}
mkdir -p /cfg
mkcfg pv pv "$PV_MEM"
mkcfg pvh pvh "$PVH_MEM"

# --- PV ------------------------------------------------------------------
if want pv && run create-pv PV "xl create /cfg/pv.cfg" && wait_up pv 1; then
    run pv-save-c.xsi PV "xl save -c pv /out/pv-save-c.xsi"
    sleep 5
    run pv-save.xsi PV "xl save pv /out/pv-save.xsi"
    run restore-pv PV "xl restore /out/pv-save.xsi" && sleep 20 &&
        run pv-restored-save.xsi PV "xl save pv /out/pv-restored-save.xsi"
    # PV live migration needs log-dirty for PV guests, which needs shadow
    # paging; Debian builds Xen without it. Try it anyway, to record why.
    run restore-pv-2 PV "xl restore /out/pv-save.xsi" && sleep 20 &&
        run pv-migrate.xsi PV "xl migrate -s '' pv 'tee /out/pv-migrate.xsi | xl migrate-receive'"
    xl destroy pv 2>/dev/null; xl destroy pv--incoming 2>/dev/null
fi

# --- PVH -----------------------------------------------------------------
if want pvh && run create-pvh PVH "xl create /cfg/pvh.cfg" && wait_up pvh 1; then
    run pvh-save-c.xsi PVH "xl save -c pvh /out/pvh-save-c.xsi"
    sleep 5
    run pvh-save.xsi PVH "xl save pvh /out/pvh-save.xsi"
    run restore-pvh PVH "xl restore /out/pvh-save.xsi" && sleep 20 &&
        run pvh-restored-save.xsi PVH "xl save pvh /out/pvh-restored-save.xsi"
    run restore-pvh-2 PVH "xl restore /out/pvh-save.xsi" && sleep 20 &&
        run pvh-migrate.xsi PVH "xl migrate -s '' pvh 'tee /out/pvh-migrate.xsi | xl migrate-receive'"
    xl destroy pvh 2>/dev/null
fi
# --- HVM with a device model (qemu-system-xen), if the packages are in dom0 ---
# No disk: SeaBIOS finds nothing to boot and waits ("No bootable device",
# then a reboot after 60 s), which is all an image of an HVM guest with a
# device model needs. Save it before that reboot.
if ! want hvm; then
    :
elif [ -x /usr/libexec/xen-qemu-system-i386 ]; then
    cat >/cfg/hvm.cfg <<CFG
name = "hvm"
type = "hvm"
memory = ${HVM_MEM:-32}
maxmem = ${HVM_MEM:-32}
vcpus = 1
vnc = 0
sdl = 0
boot = "c"
on_reboot = "destroy"
on_crash = "preserve"
CFG
    if run create-hvm HVM "xl create /cfg/hvm.cfg" && sleep 15; then
        run hvm-save-c.xsi HVM "xl save -c hvm /out/hvm-save-c.xsi"
        run hvm-save.xsi HVM "xl save hvm /out/hvm-save.xsi"
        run restore-hvm HVM "xl restore /out/hvm-save.xsi" &&
            run hvm-restored-save.xsi HVM "xl save hvm /out/hvm-restored-save.xsi"
        xl destroy hvm 2>/dev/null
    fi
    cp /var/log/xen/qemu-dm-hvm.log /out/log/ 2>/dev/null
else
    echo "xsif-job: no /usr/libexec/xen-qemu-system-i386 in dom0: no HVM guest"
fi
ls -l /out
