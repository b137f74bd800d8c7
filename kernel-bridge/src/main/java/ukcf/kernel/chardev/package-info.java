/**
 * Character devices of the host kernel: device numbers, cdevs, misc devices, device nodes, and the open files
 * whose operations run a driver's file_operations through shells.
 */
package ukcf.kernel.chardev;
