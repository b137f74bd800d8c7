# Run under ukcf as: busybox sh in-ukcf.sh BUSYBOX (in a directory holding our drivers and test programs). The
# sections of in-reference-kernel.sh for our drivers, in the same order.
bb=$1
$bb dmesg -c > /dev/null
for m in ukcf_chardev ukcf_cdev ukcf_unimpl ukcf_oops; do $bb insmod ./$m.ko || echo "insmod $m failed"; done
echo "@@ lsmod"
$bb lsmod | $bb sed 1d | $bb awk '{print $1, $3}'
echo "@@ chardev-app"
./chardev-app
echo "@@ kdrv-faults"
./kdrv-faults
echo "@@ cdev"
$bb cat /dev/ukcf_cdev0
echo hello > /dev/ukcf_cdev0
$bb cat /dev/ukcf_cdev0
echo "@@ parameters"
for m in ukcf_chardev ukcf_cdev ukcf_unimpl ukcf_oops; do $bb rmmod $m || echo "rmmod $m failed"; done
$bb insmod ./ukcf_chardev.ko buffer_size=5000 greeting=parameters verbose=1
for p in buffer_size greeting verbose; do echo "$p=$($bb cat /sys/module/ukcf_chardev/parameters/$p)"; done
./chardev-app > chardev-app.out
$bb head -3 chardev-app.out
$bb rmmod ukcf_chardev
$bb lsmod | $bb sed 1d
echo "@@ kernel-log"
$bb dmesg | $bb sed -n 's/^\[ *[0-9.]*\] //p' | $bb grep '^ukcf_[a-z]*: ' | $bb sed 's/buffer at [^,]*,/buffer at (pointer),/'
echo "@@ platform"
$bb dmesg -c > /dev/null
$bb insmod ./ukcf_platform.ko || echo "insmod ukcf_platform failed"
$bb cat /dev/ukcf_platform
$bb ls -l /dev/ukcf_platform | $bb awk '{print $1}'
$bb rmmod ukcf_platform && echo "rmmod ukcf_platform"
[ -e /dev/ukcf_platform ] && echo "/dev/ukcf_platform stayed"
$bb dmesg | $bb sed -n 's/^\[ *[0-9.]*\] //p'
echo "@@ pci"
$bb dmesg -c > /dev/null
$bb insmod ./ukcf_pci.ko || echo "insmod ukcf_pci failed"
$bb rmmod ukcf_pci && echo "rmmod ukcf_pci"
$bb dmesg | $bb sed -n 's/^\[ *[0-9.]*\] //p'
echo "@@ nodes"
$bb ls /dev/ukcf_chardev 2>&1; echo "ls: $?"
