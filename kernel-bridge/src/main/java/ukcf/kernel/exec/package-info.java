/**
 * Running driver code: the executor that calls into a driver on a CPL-0 guest CPU and exits to the host kernel's
 * Java functions whenever control leaves the driver images, and the memory a driver sees in process context.
 */
package ukcf.kernel.exec;
