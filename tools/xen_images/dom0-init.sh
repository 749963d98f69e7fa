#!/bin/sh
# /init of the dom0 initramfs (busybox sh). Brings up the minimum Xen needs to
# run `xl` without systemd or udev: the Xen kernel modules, xenfs, xenstored,
# xen-init-dom0 and xenconsoled. Then it runs /job.sh (the images job or the
# restorer oracle, chosen when the initramfs is built), writes /out as a tar
# onto the first virtio disk, and powers the machine off. Everything the job
# prints also goes to the serial console, which the host keeps as a log.
export PATH=/usr/lib/xen-4.17/bin:/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm /run /tmp /var/lib/xen /var/log/xen/console /var/lib/xenstored /out/log
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /run
mkdir -p /run/xen /run/xenstored
ln -sfn /run /var/run
echo "xsif-dom0: up, $(date -u)"

# There is no modules.dep (depmod runs at package installation), so load the
# modules in dependency order: virtio_ring before virtio, xen-privcmd before
# xenfs. A second pass catches an order this list gets wrong.
mods="virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_blk
      xen-evtchn xen-privcmd xen-gntdev xen-gntalloc xenfs"
for pass in 1 2 3; do
    left=""
    for m in $mods; do
        insmod "/lib/modules/$(uname -r)/$m.ko" 2>/dev/null || left="$left $m"
    done
    mods=$left
    [ -z "$mods" ] && break
done
[ -n "$mods" ] && echo "xsif-dom0: could not load the modules:$mods"
mount -t xenfs xenfs /proc/xen
sleep 1   # let /dev/xen/* and /dev/vd* appear (devtmpfs, no udev)

# C xenstored, as Debian's launch-xenstore starts it by default.
xenstored --pid-file /run/xenstored.pid >/out/log/xenstored.log 2>&1
xen-init-dom0 >/out/log/xen-init-dom0.log 2>&1
# --log=guest keeps each guest's console in /var/log/xen/console/guest-NAME.log:
# the jobs wait there for the guest's "xsif-guest: up" line.
xenconsoled --pid-file /run/xenconsoled.pid --log=guest --log-dir=/var/log/xen/console
echo "xsif-dom0: xen tools up"

sh /job.sh 2>&1 | tee /out/log/job.log

cp -r /var/log/xen /out/log/var-log-xen 2>/dev/null
echo "xsif-dom0: writing /out to /dev/vda"
(cd /out && tar cf /dev/vda .) && sync
echo "xsif-dom0: done, powering off"
poweroff -f
