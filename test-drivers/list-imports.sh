#!/usr/bin/env bash
# Regenerates drivers/imports.tsv: every undefined symbol (i686-linux-gnu-nm -u) of our test drivers and of the
# Debian 686 crypto modules the kernel bridge must load (des_generic needs lib/crypto/libdes.ko loaded first),
# with who exports it in the real kernel (Module.symvers: vmlinux or another module). The bridge's Java kernel API
# must export every vmlinux symbol listed, except rtc_time64_to_tm, which ukcf_unimpl calls precisely because the
# bridge leaves it unimplemented; the module-exported ones come from loading those modules.
# Needs: build-drivers.sh's prerequisites and `fetch-debian.sh kernel`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
modules="$here/../.cache/debian/kernel/lib/modules/6.1.0-50-686/kernel"
headers=${UKCF_KERNEL_HEADERS:-/usr/src/linux-headers-6.1.0-50-686}
debian_modules=(crypto/blowfish_common crypto/blowfish_generic crypto/sha3_generic crypto/crc32_generic
  lib/crypto/libdes crypto/des_generic crypto/md4 crypto/michael_mic)

"$here/build-drivers.sh"
[ -d "$modules/crypto" ] || "$here/fetch-debian.sh" kernel

imports() { # module-label ko-file
  i686-linux-gnu-nm -u "$2" | awk -v m="$1" '{print m "\t" $2}'
}

{
  printf '# Undefined symbols of the modules the kernel bridge loads. Regenerate with test-drivers/list-imports.sh.\n'
  printf 'module\tsymbol\texported_by\n'
  {
    for ko in "$here"/target/drivers/*.ko; do imports "$(basename "$ko" .ko)" "$ko"; done
    for module in "${debian_modules[@]}"; do imports "debian/$module" "$modules/$module.ko"; done
  } | awk -F'\t' 'NR == FNR { exporter[$2] = $3; next } { print $0 "\t" ($2 in exporter ? exporter[$2] : "-") }' \
        "$headers/Module.symvers" -
} > "$here/drivers/imports.tsv"
