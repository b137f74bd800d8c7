// The kernel ABI probe: compiled by kbuild against the target kernel's headers (never loaded), it records each
// struct's size and field offsets as assembler comments "->KIND NAME FIELD VALUE SIZE", which gen-abi-profile.sh
// turns into the profile. Add a struct here, never as an offset in Java.
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/export.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/miscdevice.h>
#include <linux/mm_types.h>
#include <linux/poll.h>
#include <linux/wait.h>
#include <linux/mutex.h>
#include <linux/kdev_t.h>
#include <linux/crypto.h>
#include <crypto/hash.h>
#include <crypto/internal/hash.h>
#include <crypto/skcipher.h>
#include <crypto/internal/skcipher.h>
#include <linux/platform_device.h>
#include <linux/pci.h>
#include <linux/mod_devicetable.h>
#include <linux/device.h>
#include <linux/list.h>
#include <linux/jiffies.h>
#include <linux/jump_label.h>
#include <asm/paravirt_types.h>
#include <asm/alternative.h>
#define INCLUDE_VERMAGIC /* the header guards itself against use outside module.c and *.mod.c */
#include <linux/vermagic.h>

#define EMIT(kind, name, field, value, size) \
	asm volatile("\n.ascii \"->" kind " " name " " field " %c0 %c1\"" : : "i" (value), "i" (size))
#define STRUCT(s) EMIT("struct", #s, "-", sizeof(struct s), sizeof(struct s))
#define FIELD(s, f) EMIT("field", #s, #f, offsetof(struct s, f), sizeof_field(struct s, f))
#define CONSTANT(c) EMIT("const", #c, "-", (long)(c), 0)
/* A flexible array member: its offset, size 0. */
#define FLEX(s, f) EMIT("field", #s, #f, offsetof(struct s, f), 0)

void abi_probe(void);
void abi_probe(void)
{
	CONSTANT(MODULE_STATE_LIVE); CONSTANT(MODULE_STATE_COMING); CONSTANT(MODULE_STATE_GOING);
	CONSTANT(MODULE_STATE_UNFORMED); CONSTANT(MODULE_NAME_LEN); CONSTANT(PAGE_OFFSET); CONSTANT(THREAD_SIZE);
	CONSTANT(CRYPTO_ALG_TYPE_MASK); CONSTANT(CRYPTO_ALG_TYPE_CIPHER); CONSTANT(CRYPTO_ALG_TYPE_SHASH);
	CONSTANT(CRYPTO_ALG_OPTIONAL_KEY); CONSTANT(CRYPTO_MAX_ALG_NAME);
	CONSTANT(HZ); CONSTANT(INITIAL_JIFFIES);

	STRUCT(list_head); FIELD(list_head, next); FIELD(list_head, prev);

	STRUCT(module);
	FIELD(module, state); FIELD(module, list); FIELD(module, name); FIELD(module, version);
	FIELD(module, srcversion); FIELD(module, syms); FIELD(module, crcs); FIELD(module, num_syms);
	FIELD(module, kp); FIELD(module, num_kp); FIELD(module, num_gpl_syms); FIELD(module, gpl_syms);
	FIELD(module, gpl_crcs); FIELD(module, init); FIELD(module, core_layout); FIELD(module, init_layout);
	FIELD(module, arch); FIELD(module, taints); FIELD(module, num_bugs); FIELD(module, kallsyms);
	FIELD(module, percpu); FIELD(module, percpu_size); FIELD(module, num_tracepoints);
	FIELD(module, jump_entries); FIELD(module, num_jump_entries); FIELD(module, source_list);
	FIELD(module, target_list); FIELD(module, exit); FIELD(module, refcnt);
	STRUCT(module_layout); FIELD(module_layout, base); FIELD(module_layout, size); FIELD(module_layout, text_size);
	FIELD(module_layout, ro_size); FIELD(module_layout, ro_after_init_size);

	STRUCT(kernel_param);
	FIELD(kernel_param, name); FIELD(kernel_param, mod); FIELD(kernel_param, ops); FIELD(kernel_param, perm);
	FIELD(kernel_param, level); FIELD(kernel_param, flags); FIELD(kernel_param, arg); FIELD(kernel_param, str);
	FIELD(kernel_param, arr);
	STRUCT(kernel_param_ops);
	FIELD(kernel_param_ops, flags); FIELD(kernel_param_ops, set); FIELD(kernel_param_ops, get);
	FIELD(kernel_param_ops, free);
	STRUCT(kparam_string); FIELD(kparam_string, maxlen); FIELD(kparam_string, string);
	STRUCT(kparam_array); FIELD(kparam_array, max); FIELD(kparam_array, elemsize); FIELD(kparam_array, num);
	FIELD(kparam_array, ops); FIELD(kparam_array, elem);

	STRUCT(kernel_symbol);
	FIELD(kernel_symbol, value_offset); FIELD(kernel_symbol, name_offset); FIELD(kernel_symbol, namespace_offset);

	STRUCT(jump_entry); FIELD(jump_entry, code); FIELD(jump_entry, target); FIELD(jump_entry, key);
	STRUCT(static_key); FIELD(static_key, enabled);
	STRUCT(paravirt_patch_site); FIELD(paravirt_patch_site, instr); FIELD(paravirt_patch_site, type);
	FIELD(paravirt_patch_site, len);
	STRUCT(paravirt_patch_template); FIELD(paravirt_patch_template, cpu); FIELD(paravirt_patch_template, irq);
	FIELD(paravirt_patch_template, mmu); FIELD(paravirt_patch_template, lock);
	STRUCT(alt_instr); FIELD(alt_instr, instr_offset); FIELD(alt_instr, repl_offset); FIELD(alt_instr, cpuid);
	FIELD(alt_instr, instrlen); FIELD(alt_instr, replacementlen);

	STRUCT(file_operations);
	FIELD(file_operations, owner); FIELD(file_operations, llseek); FIELD(file_operations, read);
	FIELD(file_operations, write); FIELD(file_operations, read_iter); FIELD(file_operations, write_iter);
	FIELD(file_operations, iopoll); FIELD(file_operations, iterate); FIELD(file_operations, iterate_shared);
	FIELD(file_operations, poll); FIELD(file_operations, unlocked_ioctl); FIELD(file_operations, compat_ioctl);
	FIELD(file_operations, mmap); FIELD(file_operations, mmap_supported_flags); FIELD(file_operations, open);
	FIELD(file_operations, flush); FIELD(file_operations, release); FIELD(file_operations, fsync);
	FIELD(file_operations, fasync); FIELD(file_operations, lock); FIELD(file_operations, get_unmapped_area);
	FIELD(file_operations, check_flags); FIELD(file_operations, flock); FIELD(file_operations, splice_write);
	FIELD(file_operations, splice_read); FIELD(file_operations, setlease); FIELD(file_operations, fallocate);
	FIELD(file_operations, show_fdinfo); FIELD(file_operations, copy_file_range);
	FIELD(file_operations, remap_file_range); FIELD(file_operations, fadvise);
	FIELD(file_operations, uring_cmd); FIELD(file_operations, uring_cmd_iopoll);

	STRUCT(cdev); FIELD(cdev, kobj); FIELD(cdev, owner); FIELD(cdev, ops); FIELD(cdev, list); FIELD(cdev, dev);
	FIELD(cdev, count);

	STRUCT(miscdevice);
	FIELD(miscdevice, minor); FIELD(miscdevice, name); FIELD(miscdevice, fops); FIELD(miscdevice, list);
	FIELD(miscdevice, parent); FIELD(miscdevice, this_device); FIELD(miscdevice, groups);
	FIELD(miscdevice, nodename); FIELD(miscdevice, mode);

	STRUCT(crypto_alg);
	FIELD(crypto_alg, cra_list); FIELD(crypto_alg, cra_users); FIELD(crypto_alg, cra_flags);
	FIELD(crypto_alg, cra_blocksize); FIELD(crypto_alg, cra_ctxsize); FIELD(crypto_alg, cra_alignmask);
	FIELD(crypto_alg, cra_priority); FIELD(crypto_alg, cra_refcnt); FIELD(crypto_alg, cra_name);
	FIELD(crypto_alg, cra_driver_name); FIELD(crypto_alg, cra_type); FIELD(crypto_alg, cra_u);
	FIELD(crypto_alg, cra_u.cipher.cia_min_keysize); FIELD(crypto_alg, cra_u.cipher.cia_max_keysize);
	FIELD(crypto_alg, cra_u.cipher.cia_setkey); FIELD(crypto_alg, cra_u.cipher.cia_encrypt);
	FIELD(crypto_alg, cra_u.cipher.cia_decrypt);
	FIELD(crypto_alg, cra_u.compress.coa_compress); FIELD(crypto_alg, cra_u.compress.coa_decompress);
	FIELD(crypto_alg, cra_init); FIELD(crypto_alg, cra_exit); FIELD(crypto_alg, cra_destroy);
	FIELD(crypto_alg, cra_module);

	STRUCT(shash_alg);
	FIELD(shash_alg, init); FIELD(shash_alg, update); FIELD(shash_alg, final); FIELD(shash_alg, finup);
	FIELD(shash_alg, digest); FIELD(shash_alg, export); FIELD(shash_alg, import); FIELD(shash_alg, setkey);
	FIELD(shash_alg, init_tfm); FIELD(shash_alg, exit_tfm); FIELD(shash_alg, descsize);
	FIELD(shash_alg, digestsize); FIELD(shash_alg, statesize); FIELD(shash_alg, base);
	STRUCT(shash_desc); FIELD(shash_desc, tfm); FLEX(shash_desc, __ctx);
	STRUCT(crypto_shash); FIELD(crypto_shash, descsize); FIELD(crypto_shash, base);
	STRUCT(crypto_tfm); FIELD(crypto_tfm, crt_flags); FIELD(crypto_tfm, node); FIELD(crypto_tfm, exit);
	FIELD(crypto_tfm, __crt_alg); FLEX(crypto_tfm, __crt_ctx);

	STRUCT(skcipher_alg);
	FIELD(skcipher_alg, setkey); FIELD(skcipher_alg, encrypt); FIELD(skcipher_alg, decrypt);
	FIELD(skcipher_alg, init); FIELD(skcipher_alg, exit); FIELD(skcipher_alg, min_keysize);
	FIELD(skcipher_alg, max_keysize); FIELD(skcipher_alg, ivsize); FIELD(skcipher_alg, chunksize);
	FIELD(skcipher_alg, walksize); FIELD(skcipher_alg, base);

	STRUCT(device_driver);
	FIELD(device_driver, name); FIELD(device_driver, bus); FIELD(device_driver, owner);
	FIELD(device_driver, mod_name); FIELD(device_driver, of_match_table); FIELD(device_driver, probe);
	FIELD(device_driver, remove); FIELD(device_driver, shutdown); FIELD(device_driver, pm);

	STRUCT(platform_driver);
	FIELD(platform_driver, probe); FIELD(platform_driver, remove); FIELD(platform_driver, remove_new);
	FIELD(platform_driver, shutdown); FIELD(platform_driver, suspend); FIELD(platform_driver, resume);
	FIELD(platform_driver, driver); FIELD(platform_driver, id_table);
	FIELD(platform_driver, prevent_deferred_probe); FIELD(platform_driver, driver_managed_dma);
	STRUCT(platform_device); FIELD(platform_device, name); FIELD(platform_device, id); FIELD(platform_device, dev);
	FIELD(platform_device, num_resources); FIELD(platform_device, resource);

	STRUCT(pci_driver);
	FIELD(pci_driver, node); FIELD(pci_driver, name); FIELD(pci_driver, id_table); FIELD(pci_driver, probe);
	FIELD(pci_driver, remove); FIELD(pci_driver, suspend); FIELD(pci_driver, resume);
	FIELD(pci_driver, shutdown); FIELD(pci_driver, sriov_configure); FIELD(pci_driver, err_handler);
	FIELD(pci_driver, groups); FIELD(pci_driver, driver); FIELD(pci_driver, dynids);
	STRUCT(pci_dev);
	FIELD(pci_dev, bus); FIELD(pci_dev, devfn); FIELD(pci_dev, vendor); FIELD(pci_dev, device);
	FIELD(pci_dev, subsystem_vendor); FIELD(pci_dev, subsystem_device); FIELD(pci_dev, class);
	FIELD(pci_dev, revision); FIELD(pci_dev, hdr_type); FIELD(pci_dev, pin); FIELD(pci_dev, dev); FIELD(pci_dev, irq);
	FIELD(pci_dev, enable_cnt); FIELD(pci_dev, resource);
	STRUCT(pci_bus); FIELD(pci_bus, number); FIELD(pci_bus, name);
	CONSTANT(PCI_ANY_ID);
	STRUCT(pci_device_id);
	FIELD(pci_device_id, vendor); FIELD(pci_device_id, device); FIELD(pci_device_id, subvendor);
	FIELD(pci_device_id, subdevice); FIELD(pci_device_id, class); FIELD(pci_device_id, class_mask);
	FIELD(pci_device_id, driver_data); FIELD(pci_device_id, override_only);

	STRUCT(device);
	FIELD(device, kobj); FIELD(device, parent); FIELD(device, p); FIELD(device, init_name);
	FIELD(device, type); FIELD(device, bus); FIELD(device, driver); FIELD(device, platform_data);
	FIELD(device, driver_data); FIELD(device, devt); FIELD(device, id); FIELD(device, class);
	FIELD(device, groups); FIELD(device, release); FIELD(device, dma_mask); FIELD(device, coherent_dma_mask);
	STRUCT(kobject); FIELD(kobject, name); FIELD(kobject, entry); FIELD(kobject, parent); FIELD(kobject, kref);
	STRUCT(class); FIELD(class, name); FIELD(class, owner);
	STRUCT(bus_type); FIELD(bus_type, name);
	STRUCT(platform_device_info);
	FIELD(platform_device_info, parent); FIELD(platform_device_info, name); FIELD(platform_device_info, id);
	FIELD(platform_device_info, res); FIELD(platform_device_info, num_res); FIELD(platform_device_info, data);
	FIELD(platform_device_info, size_data); FIELD(platform_device_info, dma_mask);
	STRUCT(platform_device_id); FIELD(platform_device_id, name); FIELD(platform_device_id, driver_data);
	FIELD(platform_device, id_auto); FIELD(platform_device, id_entry); FIELD(platform_device, driver_override);
	FIELD(device, platform_data); FIELD(device, dma_mask); CONSTANT(PLATFORM_DEVID_NONE); CONSTANT(PLATFORM_DEVID_AUTO);

	/* What a shell hands to file_operations: the open file, its inode, a mapping's vma, a poll table. */
	STRUCT(file);
	FIELD(file, f_path); FIELD(file, f_inode); FIELD(file, f_op); FIELD(file, f_lock); FIELD(file, f_count);
	FIELD(file, f_flags); FIELD(file, f_mode); FIELD(file, f_pos_lock); FIELD(file, f_pos); FIELD(file, f_owner);
	FIELD(file, f_cred); FIELD(file, f_version); FIELD(file, private_data); FIELD(file, f_mapping);
	STRUCT(inode);
	FIELD(inode, i_mode); FIELD(inode, i_opflags); FIELD(inode, i_uid); FIELD(inode, i_gid); FIELD(inode, i_flags);
	FIELD(inode, i_op); FIELD(inode, i_sb); FIELD(inode, i_mapping); FIELD(inode, i_ino); FIELD(inode, i_rdev);
	FIELD(inode, i_size); FIELD(inode, i_fop); FIELD(inode, i_cdev); FIELD(inode, i_private);
	STRUCT(vm_area_struct);
	FIELD(vm_area_struct, vm_start); FIELD(vm_area_struct, vm_end); FIELD(vm_area_struct, vm_mm);
	FIELD(vm_area_struct, vm_page_prot); FIELD(vm_area_struct, vm_flags); FIELD(vm_area_struct, vm_ops);
	FIELD(vm_area_struct, vm_pgoff); FIELD(vm_area_struct, vm_file); FIELD(vm_area_struct, vm_private_data);
	STRUCT(poll_table_struct); FIELD(poll_table_struct, _qproc); FIELD(poll_table_struct, _key);
	STRUCT(wait_queue_head); FIELD(wait_queue_head, lock); FIELD(wait_queue_head, head);
	STRUCT(mutex); FIELD(mutex, owner); FIELD(mutex, wait_lock); FIELD(mutex, wait_list);
	CONSTANT(MINORBITS); CONSTANT(MISC_MAJOR); CONSTANT(MISC_DYNAMIC_MINOR); CONSTANT(CHRDEV_MAJOR_MAX);
	CONSTANT(CHRDEV_MAJOR_DYN_END); CONSTANT(CHRDEV_MAJOR_DYN_EXT_START); CONSTANT(CHRDEV_MAJOR_DYN_EXT_END);
	CONSTANT(FMODE_READ); CONSTANT(FMODE_WRITE); CONSTANT(FMODE_LSEEK); CONSTANT(FMODE_PREAD);
	CONSTANT(FMODE_PWRITE); CONSTANT(FMODE_ATOMIC_POS);
	CONSTANT(VM_READ); CONSTANT(VM_WRITE); CONSTANT(VM_EXEC); CONSTANT(VM_SHARED); CONSTANT(VM_MAYREAD);
	CONSTANT(VM_MAYWRITE); CONSTANT(VM_MAYEXEC); CONSTANT(VM_MAYSHARE); CONSTANT(VM_IO); CONSTANT(VM_PFNMAP);
	CONSTANT(VM_DONTEXPAND); CONSTANT(VM_DONTDUMP); CONSTANT(PAGE_SHIFT);
	CONSTANT(_PAGE_PRESENT); CONSTANT(_PAGE_RW); CONSTANT(_PAGE_USER); CONSTANT(_PAGE_ACCESSED);
	CONSTANT(DEFAULT_POLLMASK); CONSTANT(ENOIOCTLCMD); CONSTANT(MAX_RW_COUNT);
	CONSTANT(TAINT_OOT_MODULE); CONSTANT(TAINT_UNSIGNED_MODULE);
}

/* The vermagic string of this configuration, exactly as modules carry it in .modinfo. */
const char abi_probe_vermagic[] __used __section(".abi_vermagic") = VERMAGIC_STRING;

MODULE_LICENSE("GPL");
