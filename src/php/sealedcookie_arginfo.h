/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 1fb2ffb41b90f393e45d2a97ffd8585fe2a7407b */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_sealedcookie_status, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_sealedcookie_facts, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_sealedcookie_counters, 0, 0, MAY_BE_ARRAY|MAY_BE_FALSE)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_sealedcookie_metrics, 0, 0, MAY_BE_STRING|MAY_BE_FALSE)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_sealedcookie_generate_key, 0, 0, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, label, IS_STRING, 0, "\"\"")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_sealedcookie_max_session_size, 0, 0, IS_LONG, 0)
ZEND_END_ARG_INFO()


ZEND_FUNCTION(sealedcookie_status);
ZEND_FUNCTION(sealedcookie_facts);
ZEND_FUNCTION(sealedcookie_counters);
ZEND_FUNCTION(sealedcookie_metrics);
ZEND_FUNCTION(sealedcookie_generate_key);
ZEND_FUNCTION(sealedcookie_max_session_size);


static const zend_function_entry ext_functions[] = {
	ZEND_FE(sealedcookie_status, arginfo_sealedcookie_status)
	ZEND_FE(sealedcookie_facts, arginfo_sealedcookie_facts)
	ZEND_FE(sealedcookie_counters, arginfo_sealedcookie_counters)
	ZEND_FE(sealedcookie_metrics, arginfo_sealedcookie_metrics)
	ZEND_FE(sealedcookie_generate_key, arginfo_sealedcookie_generate_key)
	ZEND_FE(sealedcookie_max_session_size, arginfo_sealedcookie_max_session_size)
	ZEND_FE_END
};
