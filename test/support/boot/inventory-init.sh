#!/bin/sh
# The inventory boot's early userspace: /init of a busybox initramfs that does what a provisioning
# OS does before en-agent reads the node's facts. It loads the storage and network drivers, then
# prints, between "PCIDUMP: BEGIN" and "PCIDUMP: END", every file of /sys/bus/pci/devices/<address>
# that en-agent's PCI reader reads (plus the kernel's modalias) as `pci| <address> <file> <value>`,
# and the bound driver as `pci| <address> driver <name>` (`-` when none), then powers off.
export PATH=/bin:/sbin
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

echo "PCIDUMP: early userspace on $(uname -r)"
while read -r module; do
  insmod "/lib/modules/$module" || echo "PCIDUMP: insmod $module failed"
done </lib/modules/order
# Kernel messages from here on (a link coming up) would cut into the dump's lines.
echo 1 >/proc/sys/kernel/printk
sleep 1

echo "PCIDUMP: BEGIN"
for dir in /sys/bus/pci/devices/*; do
  address=${dir##*/}
  for file in vendor device subsystem_vendor subsystem_device class modalias; do
    echo "pci| $address $file $(cat "$dir/$file" 2>/dev/null)"
  done
  driver=-
  [ -e "$dir/driver" ] && driver=$(basename "$(readlink "$dir/driver")")
  echo "pci| $address driver $driver"
done
echo "PCIDUMP: END"
poweroff -f
