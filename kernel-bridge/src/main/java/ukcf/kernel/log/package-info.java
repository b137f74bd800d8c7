/**
 * The kernel log: printk's format language over guest memory ({@link ukcf.kernel.log.KernelFormat}) and the log
 * ring that syslog(2), dmesg and /dev/kmsg read ({@link ukcf.kernel.log.KernelLog}).
 */
package ukcf.kernel.log;
