# Runs inside Debian's 686 kernel (test-drivers/reference-kernel.sh) with our drivers and test programs in the
# working directory; each "@@ name" line starts a section that reference-kernel/<name>.expected holds.
dmesg -c > /dev/null
for m in ukcf_chardev ukcf_cdev ukcf_unimpl ukcf_oops; do insmod ./$m.ko || echo "insmod $m failed"; done
echo "@@ lsmod"
lsmod | sed 1d | awk '{print $1, $3}'
echo "@@ chardev-app"
./chardev-app
echo "@@ kdrv-faults"
./kdrv-faults
echo "@@ cdev"
cat /dev/ukcf_cdev0
echo hello > /dev/ukcf_cdev0
cat /dev/ukcf_cdev0
echo "@@ parameters"
for m in ukcf_chardev ukcf_cdev ukcf_unimpl ukcf_oops; do rmmod $m || echo "rmmod $m failed"; done
insmod ./ukcf_chardev.ko buffer_size=5000 greeting=parameters verbose=1
for p in buffer_size greeting verbose; do echo "$p=$(cat /sys/module/ukcf_chardev/parameters/$p)"; done
./chardev-app > chardev-app.out
head -3 chardev-app.out
rmmod ukcf_chardev
lsmod | sed 1d
echo "@@ kernel-log"
# %p prints "(ptrval)" until the kernel's random pool is ready and a hashed value after: not part of the answer
dmesg | sed -n 's/^\[ *[0-9.]*\] //p' | grep '^ukcf_[a-z]*: ' | sed 's/buffer at [^,]*,/buffer at (pointer),/'
echo "@@ platform"
dmesg -c > /dev/null
insmod ./ukcf_platform.ko || echo "insmod ukcf_platform failed"
cat /dev/ukcf_platform
ls -l /dev/ukcf_platform | awk '{print $1}'
rmmod ukcf_platform && echo "rmmod ukcf_platform"
[ -e /dev/ukcf_platform ] && echo "/dev/ukcf_platform stayed"
dmesg | sed -n 's/^\[ *[0-9.]*\] //p'
echo "@@ pci"
dmesg -c > /dev/null
insmod ./ukcf_pci.ko || echo "insmod ukcf_pci failed"
rmmod ukcf_pci && echo "rmmod ukcf_pci"
dmesg | sed -n 's/^\[ *[0-9.]*\] //p'
echo "@@ crypto-lsmod"
dmesg -c > /dev/null
for m in $(grep -v '^#' modules.txt); do insmod /modules/$m || echo "insmod $m failed"; done
lsmod | sed 1d | awk '{print $1, $3, $4}'
echo "@@ crypto-proc"
# name, driver and module of each algorithm the modules registered (the rest of /proc/crypto is built in)
awk '/^name/ {name = $3} /^driver/ {driver = $3} /^module/ && $3 != "kernel" {print name, driver, $3}' /proc/crypto | sort
echo "@@ crypto-log"
dmesg | sed -n 's/^\[ *[0-9.]*\] //p'
echo "@@ crypto-rmmod"
for m in $(grep -v '^#' modules.txt | sed 's|.*/||; s|\.ko$||' | sed -n '1!G;h;$p'); do rmmod $m && echo "rmmod $m"; done
lsmod | sed 1d
