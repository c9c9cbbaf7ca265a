#ifndef AIP_CURL_SHIM_H
#define AIP_CURL_SHIM_H

// Typed doors into libcurl's variadic calls: Swift cannot call a C variadic function, so each
// argument type curl_easy_setopt / curl_easy_getinfo takes gets one fixed-signature wrapper.

#include <curl/curl.h>

typedef size_t (*aip_curl_data_callback)(char *data, size_t size, size_t count, void *context);
typedef int (*aip_curl_progress_callback)(void *context, curl_off_t download_total, curl_off_t download_now,
                                          curl_off_t upload_total, curl_off_t upload_now);

/// curl_global_init(CURL_GLOBAL_DEFAULT); the caller makes sure it runs once per process.
CURLcode aip_curl_global_init(void);

CURLcode aip_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode aip_curl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value);
CURLcode aip_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode aip_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode aip_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode aip_curl_setopt_data_callback(CURL *handle, CURLoption option, aip_curl_data_callback callback);
CURLcode aip_curl_setopt_progress_callback(CURL *handle, aip_curl_progress_callback callback);

CURLcode aip_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode aip_curl_getinfo_offset(CURL *handle, CURLINFO info, curl_off_t *value);

/// CURL_ERROR_SIZE, which Swift cannot import (a macro).
enum { AIP_CURL_ERROR_SIZE = CURL_ERROR_SIZE };

#endif
