# Run under ukcf as: busybox sh in-ukcf.sh BUSYBOX MODULES SEED COUNT (in a directory holding afalg and the case
# files). The same steps as drivers/in-reference-kernel.sh's crypto sections, with afalg in between.
bb=$1; modules=$2; seed=$3; count=$4
load=$($bb grep -v '^#' modules.txt | $bb grep -v -x -f ukcf-builtin.txt)
echo "@@ crypto-lsmod"
for m in $load; do $bb insmod $modules/$m || echo "insmod $m failed"; done
$bb lsmod | $bb sed 1d | $bb awk '{print $1, $3, $4}'
echo "@@ crypto-proc"
$bb awk '/^name/ {name = $3} /^driver/ {driver = $3} /^module/ && $3 != "kernel" {print name, driver, $3}' /proc/crypto | $bb sort
echo "@@ afalg-known-answers"
./afalg known-answers.tsv; echo "status $?"
echo "@@ afalg-random"
./afalg random $seed $count algorithms.tsv; echo "status $?"
echo "@@ crypto-log"
$bb dmesg
echo "@@ crypto-rmmod"
for m in $(echo "$load" | $bb sed 's|.*/||; s|\.ko$||' | $bb sed -n '1!G;h;$p'); do $bb rmmod $m && echo "rmmod $m"; done
$bb lsmod | $bb sed 1d
