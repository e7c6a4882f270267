#!/bin/sh
# The inventory boot's early userspace: /init of a busybox initramfs that does what a provisioning
# OS does before en-agent reads the node's facts. It loads the storage and network drivers, then
# prints, between "PCIDUMP: BEGIN" and "PCIDUMP: END", every file of /sys/bus/pci/devices/<address>
# that en-agent's PCI reader reads (plus the kernel's modalias) as `pci| <address> <file> <value>`,
# and the bound driver as `pci| <address> driver <name>` (`-` when none); then every entry of
# /sys/bus/usb/devices (devices, root hubs, interfaces) as `usb| <name> path <its /sys/devices path>`,
# the id and class files en-agent's USB reader reads that the entry has, and its driver; then the
# targets of /sys/class/net/*/device and /sys/class/block/*/device as `net| <name> device <path>`
# and `block| <name> device <path>` (`-` when none), then powers off.
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
# USB enumerates after the host controller's driver loads: wait (bounded) for a net device on USB.
usb_net() {
  for link in /sys/class/net/*/device; do
    case $(readlink -f "$link") in */usb*) return 0 ;; esac
  done
  return 1
}
tries=0
while [ $tries -lt 20 ] && ! usb_net; do
  sleep 1
  tries=$((tries + 1))
done

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
for dir in /sys/bus/usb/devices/*; do
  name=${dir##*/}
  echo "usb| $name path $(readlink -f "$dir")"
  for file in idVendor idProduct bcdDevice bDeviceClass bDeviceSubClass bDeviceProtocol \
    bInterfaceNumber bInterfaceClass bInterfaceSubClass bInterfaceProtocol modalias; do
    [ -e "$dir/$file" ] && echo "usb| $name $file $(cat "$dir/$file")"
  done
  driver=-
  [ -e "$dir/driver" ] && driver=$(basename "$(readlink "$dir/driver")")
  echo "usb| $name driver $driver"
done
for kind in net block; do
  for dir in /sys/class/$kind/*; do
    target=-
    [ -e "$dir/device" ] && target=$(readlink -f "$dir/device")
    echo "$kind| ${dir##*/} device $target"
  done
done
echo "PCIDUMP: END"
poweroff -f
