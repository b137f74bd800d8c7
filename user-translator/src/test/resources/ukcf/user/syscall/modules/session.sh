# Run under ukcf as: busybox sh session.sh BUSYBOX, in a directory holding copies of Debian's blowfish_common.ko,
# blowfish_generic.ko and md4.ko. Each step prints its exit status; session.expected holds stdout and stderr.
bb=$1
$bb insmod blowfish_generic.ko; echo "missing dependency: $?"
$bb insmod blowfish_common.ko no_such_parameter=1; echo "load with an unknown parameter: $?"
$bb insmod blowfish_common.ko; echo "second load: $?"
$bb insmod blowfish_generic.ko; echo "dependency loaded: $?"
$bb insmod session.sh; echo "not a module: $?"
$bb rmmod blowfish_common; echo "unload while used: $?"
$bb rmmod no_such_module; echo "unload of an unknown module: $?"
$bb insmod md4.ko; echo "md4: $?"
$bb lsmod
$bb grep -c . /proc/modules
$bb awk '/^name/ {name = $3} /^module/ && $3 != "kernel" {print name, $3}' /proc/crypto
$bb rmmod blowfish_generic md4; echo "unload two: $?"
$bb rmmod blowfish_common; echo "unload the last: $?"
$bb cat /proc/modules; echo "no modules: $?"
$bb dmesg | $bb sed 's/^\[ *[0-9.]*\] //'
