#!/bin/sh
# The restorer oracle, run by dom0's /init: the second virtio disk is a tar of
# xl save files (made by wrap.py). For each, `xl restore -p` (paused, so the
# guest never runs on synthetic memory), note the exit code and what xl,
# libxl and libxc printed, then destroy whatever domain is left.
PER_FILE=${PER_FILE:-60}
xl info >/out/xl-info.txt 2>&1
mkdir -p /in /out/log
tar xf /dev/vdb -C /in || { echo "xsif-oracle: cannot read the input tar on /dev/vdb"; exit 1; }
printf 'file\trc\tseconds\n' >/out/oracle.tsv
n=0
for f in $(cd /in && ls *.xsi); do
    n=$((n + 1))
    start=$(date +%s)
    timeout "$PER_FILE" xl -v restore -p "/in/$f" >"/out/log/$f.out" 2>&1
    rc=$?
    printf '%s\t%s\t%s\n' "$f" "$rc" "$(( $(date +%s) - start ))" >>/out/oracle.tsv
    echo "xsif-oracle: $n $f exit $rc"
    # Whatever is left (restored and paused, or half-built): destroy it by id.
    for id in $(xl list 2>/dev/null | awk 'NR > 2 { print $2 }'); do
        xl destroy "$id" >/dev/null 2>&1
    done
    rm -f "/in/$f"   # the machine's memory is the only disk
done
echo "xsif-oracle: $n files done"
