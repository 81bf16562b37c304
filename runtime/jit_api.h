/*
** jit_api.h: libgccjit, loaded at run time. styr does not link against libgccjit, so a
** machine without it still runs every rule (in the interpreter); jit_api_load opens the
** library and fills a table of its entry points, and the macros below make the JIT's
** code read as plain libgccjit calls.
*/
#ifndef STYR_JIT_API_H
#define STYR_JIT_API_H

#include <libgccjit.h>
#include <stdbool.h>

/* Every libgccjit function the JIT calls, once. */
#define JIT_API_FUNCTIONS(X)                                                                        \
    X(gcc_jit_context_acquire) X(gcc_jit_context_release) X(gcc_jit_context_set_int_option)       \
    X(gcc_jit_context_set_bool_option) X(gcc_jit_context_set_bool_allow_unreachable_blocks)        \
    X(gcc_jit_context_set_bool_print_errors_to_stderr) X(gcc_jit_context_add_command_line_option) \
    X(gcc_jit_context_compile_to_file) X(gcc_jit_context_get_first_error)                          \
    X(gcc_jit_context_get_type) X(gcc_jit_context_get_int_type) X(gcc_jit_type_get_pointer)        \
    X(gcc_jit_type_get_const) X(gcc_jit_context_new_array_type) X(gcc_jit_context_new_field)       \
    X(gcc_jit_context_new_struct_type) X(gcc_jit_struct_as_type)                                   \
    X(gcc_jit_context_new_function_ptr_type) X(gcc_jit_context_new_param)                          \
    X(gcc_jit_param_as_rvalue) X(gcc_jit_context_new_function) X(gcc_jit_function_new_block)       \
    X(gcc_jit_function_new_local) X(gcc_jit_context_new_global) X(gcc_jit_global_set_initializer)  \
    X(gcc_jit_lvalue_as_rvalue) X(gcc_jit_lvalue_get_address) X(gcc_jit_context_new_rvalue_from_long) \
    X(gcc_jit_context_new_rvalue_from_int) X(gcc_jit_context_zero) X(gcc_jit_context_null)         \
    X(gcc_jit_context_new_string_literal) X(gcc_jit_context_new_unary_op)                          \
    X(gcc_jit_context_new_binary_op) X(gcc_jit_context_new_comparison)                             \
    X(gcc_jit_context_new_call_through_ptr) X(gcc_jit_context_new_cast)                            \
    X(gcc_jit_context_new_array_access) X(gcc_jit_rvalue_dereference_field)                        \
    X(gcc_jit_block_add_assignment) X(gcc_jit_block_end_with_conditional)                          \
    X(gcc_jit_block_end_with_jump) X(gcc_jit_block_end_with_void_return)

typedef struct jit_api {
#define JIT_API_FIELD(name) __typeof__(name) *name;
    JIT_API_FUNCTIONS(JIT_API_FIELD)
#undef JIT_API_FIELD
} jit_api;

/* The table, once jit_api_load has succeeded. */
extern jit_api jit_fn;

/* Opens libgccjit (once per process; thread-safe). False, with a static message saying
** why, when it is not there or lacks an entry point. */
bool jit_api_load(const char **why);

/* Which libgccjit would be opened, without opening it (that takes some 20 ms, more than
** a run from the compile cache): its file's path, size, time and inode, or "" when it
** cannot be found. */
void jit_api_identity(char *out, size_t n);

#ifndef JIT_API_IMPLEMENTATION
#define JIT_API_REDIRECT(name) jit_fn.name
#define gcc_jit_context_acquire JIT_API_REDIRECT(gcc_jit_context_acquire)
#define gcc_jit_context_release JIT_API_REDIRECT(gcc_jit_context_release)
#define gcc_jit_context_set_int_option JIT_API_REDIRECT(gcc_jit_context_set_int_option)
#define gcc_jit_context_set_bool_option JIT_API_REDIRECT(gcc_jit_context_set_bool_option)
#define gcc_jit_context_set_bool_allow_unreachable_blocks JIT_API_REDIRECT(gcc_jit_context_set_bool_allow_unreachable_blocks)
#define gcc_jit_context_set_bool_print_errors_to_stderr JIT_API_REDIRECT(gcc_jit_context_set_bool_print_errors_to_stderr)
#define gcc_jit_context_add_command_line_option JIT_API_REDIRECT(gcc_jit_context_add_command_line_option)
#define gcc_jit_context_compile_to_file JIT_API_REDIRECT(gcc_jit_context_compile_to_file)
#define gcc_jit_context_get_first_error JIT_API_REDIRECT(gcc_jit_context_get_first_error)
#define gcc_jit_context_get_type JIT_API_REDIRECT(gcc_jit_context_get_type)
#define gcc_jit_context_get_int_type JIT_API_REDIRECT(gcc_jit_context_get_int_type)
#define gcc_jit_type_get_pointer JIT_API_REDIRECT(gcc_jit_type_get_pointer)
#define gcc_jit_type_get_const JIT_API_REDIRECT(gcc_jit_type_get_const)
#define gcc_jit_context_new_array_type JIT_API_REDIRECT(gcc_jit_context_new_array_type)
#define gcc_jit_context_new_field JIT_API_REDIRECT(gcc_jit_context_new_field)
#define gcc_jit_context_new_struct_type JIT_API_REDIRECT(gcc_jit_context_new_struct_type)
#define gcc_jit_struct_as_type JIT_API_REDIRECT(gcc_jit_struct_as_type)
#define gcc_jit_context_new_function_ptr_type JIT_API_REDIRECT(gcc_jit_context_new_function_ptr_type)
#define gcc_jit_context_new_param JIT_API_REDIRECT(gcc_jit_context_new_param)
#define gcc_jit_param_as_rvalue JIT_API_REDIRECT(gcc_jit_param_as_rvalue)
#define gcc_jit_context_new_function JIT_API_REDIRECT(gcc_jit_context_new_function)
#define gcc_jit_function_new_block JIT_API_REDIRECT(gcc_jit_function_new_block)
#define gcc_jit_function_new_local JIT_API_REDIRECT(gcc_jit_function_new_local)
#define gcc_jit_context_new_global JIT_API_REDIRECT(gcc_jit_context_new_global)
#define gcc_jit_global_set_initializer JIT_API_REDIRECT(gcc_jit_global_set_initializer)
#define gcc_jit_lvalue_as_rvalue JIT_API_REDIRECT(gcc_jit_lvalue_as_rvalue)
#define gcc_jit_lvalue_get_address JIT_API_REDIRECT(gcc_jit_lvalue_get_address)
#define gcc_jit_context_new_rvalue_from_long JIT_API_REDIRECT(gcc_jit_context_new_rvalue_from_long)
#define gcc_jit_context_new_rvalue_from_int JIT_API_REDIRECT(gcc_jit_context_new_rvalue_from_int)
#define gcc_jit_context_zero JIT_API_REDIRECT(gcc_jit_context_zero)
#define gcc_jit_context_null JIT_API_REDIRECT(gcc_jit_context_null)
#define gcc_jit_context_new_string_literal JIT_API_REDIRECT(gcc_jit_context_new_string_literal)
#define gcc_jit_context_new_unary_op JIT_API_REDIRECT(gcc_jit_context_new_unary_op)
#define gcc_jit_context_new_binary_op JIT_API_REDIRECT(gcc_jit_context_new_binary_op)
#define gcc_jit_context_new_comparison JIT_API_REDIRECT(gcc_jit_context_new_comparison)
#define gcc_jit_context_new_call_through_ptr JIT_API_REDIRECT(gcc_jit_context_new_call_through_ptr)
#define gcc_jit_context_new_cast JIT_API_REDIRECT(gcc_jit_context_new_cast)
#define gcc_jit_context_new_array_access JIT_API_REDIRECT(gcc_jit_context_new_array_access)
#define gcc_jit_rvalue_dereference_field JIT_API_REDIRECT(gcc_jit_rvalue_dereference_field)
#define gcc_jit_block_add_assignment JIT_API_REDIRECT(gcc_jit_block_add_assignment)
#define gcc_jit_block_end_with_conditional JIT_API_REDIRECT(gcc_jit_block_end_with_conditional)
#define gcc_jit_block_end_with_jump JIT_API_REDIRECT(gcc_jit_block_end_with_jump)
#define gcc_jit_block_end_with_void_return JIT_API_REDIRECT(gcc_jit_block_end_with_void_return)
#endif

#endif
